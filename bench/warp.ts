/**
 * Drag to deform (issue 8): the live preview's cost per frame in Chromium (the shared MLS grid solve plus a
 * bilinear remap, 5 handles on a 1920×1080 layer; target ≥ 60 fps), the full-size apply on a 6000×4000 layer
 * (target < 1 s) against sharp's affine transform of the same image, and fidelity on the eval photos: an object
 * cut out by its mask, moved, rotated and scaled by a known amount, and dragged there by points on it.
 */
import { build } from 'esbuild'
import sharp from 'sharp'
import { warp } from '../src-main/compute-host/engines/warp/warp'
import { solveWarp, type Drag } from '../src-shared/warp'
import { launchChromium } from '../tests/e2e/webApp'
import { photoLikeRgba } from '../tests/fixtures/documents/pixels'
import { medianMs, round, versus } from './measure'
import { fidelity } from './warpFidelity'

export async function benchWarp(): Promise<Record<string, unknown>> {
  return {
    previewInChromium: await previewInChromium(),
    fullSizeApply: await fullSizeApply(),
    fidelity: await fidelity(),
  }
}

const noContext = { progress: () => {}, checkpoint: async () => {} }

/** Five handles spread over a layer, each dragged `reach` pixels, and pins at its corners. */
function fiveHandleDrag(width: number, height: number, reach: number): Drag {
  const handles = [
    { x: 0.3 * width, y: 0.3 * height },
    { x: 0.7 * width, y: 0.3 * height },
    { x: 0.5 * width, y: 0.5 * height },
    { x: 0.3 * width, y: 0.7 * height },
    { x: 0.7 * width, y: 0.7 * height },
  ]
  const targets = handles.map((p, i) => ({ x: p.x + reach * Math.cos(i), y: p.y + reach * Math.sin(i) }))
  const pins = [
    { x: 0, y: 0 },
    { x: width - 1, y: 0 },
    { x: 0, y: height - 1 },
    { x: width - 1, y: height - 1 },
  ]
  return { handles, targets, pins, mode: 'rigid' }
}

/**
 * The renderer's per-frame work, run in headless Chromium on the very code the renderer bundles: solve the drag
 * (folds checked and limited) and remap the canvas, for 5 handles on a 1920×1080 layer shown 1:1, fitted into a
 * 1280×720 view, and at half size (what a drag could show while the pointer moves; the renderer solves in canvas
 * pixels). Baseline: the 2D canvas drawing the same frame rotated,
 * what a transform-only preview would cost.
 */
async function previewInChromium() {
  const bundle = await build({ entryPoints: ['src-shared/warp/index.ts'], bundle: true, format: 'iife', globalName: 'sharedWarp', write: false })
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    // tsx names the functions it compiles with a helper (__name) that the page lacks: give it a no-op one.
    await page.addScriptTag({ content: `globalThis.__name = (f) => f;\n${bundle.outputFiles[0]!.text}` })
    const figures: Record<string, unknown> = {}
    for (const [name, width, height] of [
      ['canvas1920x1080', 1920, 1080],
      ['canvas1280x720', 1280, 720],
      ['canvas960x540', 960, 540],
    ] as const) {
      const r = await page.evaluate(frameCost, { width, height, drag: fiveHandleDrag(width, height, (60 * width) / 1920) })
      figures[name] = {
        ...versus(r.frameMs, r.canvasRotateMs, '2D canvas drawing the frame rotated'),
        solveMs: round(r.solveMs),
        remapMs: round(r.remapMs),
        fps: round(1000 / r.frameMs, 1),
      }
    }
    return { ...figures, target: '≥ 60 fps' }
  } finally {
    await browser.close()
  }
}

/** Runs in the page: median milliseconds of 60 frames of a drag whose targets move on a little every frame. */
async function frameCost({ width, height, drag }: { width: number; height: number; drag: Drag }) {
  // The page's own globals: this function runs in Chromium, which the Node type-check does not know.
  const { sharedWarp, OffscreenCanvas, createImageBitmap, ImageData } = globalThis as any
  const { solveWarp, previewWarp } = sharedWarp
  const source = new Uint8ClampedArray(width * height * 4)
  for (let i = 0; i < source.length; i++) source[i] = (i * 2654435761) >>> 24
  const out = new Uint8ClampedArray(source.length)
  const frames = 60
  const median = (times: number[]) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!
  const solveMs: number[] = []
  const remapMs: number[] = []
  const frameMs: number[] = []
  for (let frame = -5; frame < frames; frame++) {
    const f = Math.max(frame, 0) / frames
    const targets = drag.targets.map((t) => ({ x: t.x + 20 * f, y: t.y - 10 * f }))
    const start = performance.now()
    const { field } = solveWarp({ ...drag, targets }, { width, height })
    const solved = performance.now()
    previewWarp(source, width, height, field, out)
    const end = performance.now()
    if (frame < 0) continue
    solveMs.push(solved - start)
    remapMs.push(end - solved)
    frameMs.push(end - start)
  }
  const context = new OffscreenCanvas(width, height).getContext('2d')
  const bitmap = await createImageBitmap(new ImageData(source, width, height))
  const canvasMs: number[] = []
  for (let frame = -5; frame < frames; frame++) {
    const start = performance.now()
    context.setTransform(Math.cos(0.1), Math.sin(0.1), -Math.sin(0.1), Math.cos(0.1), 60, -40)
    context.drawImage(bitmap, 0, 0)
    context.getImageData(0, 0, 1, 1)
    if (frame >= 0) canvasMs.push(performance.now() - start)
  }
  return { frameMs: median(frameMs), solveMs: median(solveMs), remapMs: median(remapMs), canvasRotateMs: median(canvasMs) }
}

/** engines.warp's work on a 24-megapixel layer, fill off (the fill's cost follows the uncovered area, not the layer). */
async function fullSizeApply() {
  const width = 6000
  const height = 4000
  const rgba = photoLikeRgba(width, height)
  const drag = fiveHandleDrag(width, height, 180)
  const request = { width, height, rgba: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength), ...drag, fill: false }
  const applyMs = await medianMs(3, () => warp(request, noContext))
  const solveMs = await medianMs(3, () => solveWarp(drag, { width, height }))
  const image = sharp(rgba, { raw: { width, height, channels: 4 } })
  const sharpMs = await medianMs(3, () =>
    image.clone().affine([Math.cos(0.05), -Math.sin(0.05), Math.sin(0.05), Math.cos(0.05)], { interpolator: 'bicubic' }).raw().toBuffer(),
  )
  // The floor for any per-pixel JS pass: one read and one weighted sum of the 4 channels per pixel (bicubic does 16).
  const words = new Uint32Array(rgba.buffer, rgba.byteOffset, width * height)
  const onePassMs = await medianMs(3, () => {
    let sum = 0
    for (let i = 0; i < words.length; i++) {
      const p = words[i]!
      sum += 0.3 * (p & 255) + 0.2 * ((p >>> 8) & 255) + 0.1 * ((p >>> 16) & 255) + 0.4 * (p >>> 24)
    }
    return sum
  })
  return {
    ...versus(applyMs, sharpMs, "sharp's bicubic affine (rotation) of the same layer"),
    solveMs,
    onePassMs,
    applyOverOnePass: round(applyMs / onePassMs),
    target: '< 1000 ms',
  }
}
