/** The page side of the preview bench: bundled with the renderer's mesh and the shared solver, run in Chromium. */
import { previewWarp, solveWarp, type Drag } from '../src-shared/warp'
import { MeshRenderer } from '../src-renderer/editor/drag/MeshRenderer'

const median = (times: number[]) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!

/**
 * Median milliseconds per frame over 60 frames of a drag whose targets move a little every frame, each frame as the
 * renderer does it: solve (folds checked), draw the warped layer, and copy it to the screen's 2D canvas (as Konva
 * does), read back so the GPU's work is counted. `how` picks the WebGL mesh or the CPU remap (the fallback, and
 * the preview before the mesh).
 */
export function previewFrames(width: number, height: number, drag: Drag, how: 'webgl' | 'cpu'): { frameMs: number; solveMs: number; fps: number } {
  const level = Object.assign(document.createElement('canvas'), { width, height })
  const pixels = new ImageData(width, height)
  for (let i = 0; i < pixels.data.length; i++) pixels.data[i] = i % 4 === 3 ? 255 : (i * 2654435761) >>> 24
  level.getContext('2d')!.putImageData(pixels, 0, 0)
  const screen = Object.assign(document.createElement('canvas'), { width, height }).getContext('2d')!
  const mesh = how === 'webgl' ? MeshRenderer.create() : undefined
  if (how === 'webgl' && !mesh) throw new Error('This Chromium gives no WebGL 2.')
  mesh?.setSource(level)
  const cpu = Object.assign(document.createElement('canvas'), { width, height })
  const out = new ImageData(width, height)
  const frameMs: number[] = []
  const solveMs: number[] = []
  for (let frame = -5; frame < 60; frame++) {
    const f = Math.max(frame, 0) / 60
    const targets = drag.targets.map((t) => ({ x: t.x + 20 * f, y: t.y - 10 * f }))
    const start = performance.now()
    const { field } = solveWarp({ ...drag, targets }, { width, height })
    const solved = performance.now()
    if (mesh) mesh.draw(field, { width, height })
    else {
      previewWarp(pixels.data, width, height, field, out.data)
      cpu.getContext('2d')!.putImageData(out, 0, 0)
    }
    screen.drawImage(mesh ? mesh.canvas : cpu, 0, 0)
    screen.getImageData(0, 0, 1, 1)
    if (frame < 0) continue
    frameMs.push(performance.now() - start)
    solveMs.push(solved - start)
  }
  const frame = median(frameMs)
  return { frameMs: frame, solveMs: median(solveMs), fps: 1000 / frame }
}
