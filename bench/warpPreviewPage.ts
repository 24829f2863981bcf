/**
 * The page side of the preview bench: bundled with the renderer's drag preview, mesh renderer and pyramid, the
 * shared solver and Konva, run in Chromium. Each figure is the median over 60 frames of a drag whose targets move a
 * little every frame (after 5 frames of warm-up).
 */
import Konva from 'konva'
import type { LayerInfo } from '../src-shared/contract'
import { previewWarp, solveWarp, type Drag } from '../src-shared/warp'
import { DragPreview, MOVING_PREVIEW } from '../src-renderer/editor/drag/DragPreview'
import { MOVING_RESOLUTION } from '../src-renderer/editor/drag/DragSession'
import type { DragSource } from '../src-renderer/editor/drag/dragSource'
import { MeshRenderer } from '../src-renderer/editor/drag/MeshRenderer'
import type { Placement } from '../src-renderer/editor/drag/warpMesh'
import type { LayerRaster } from '../src-renderer/editor/LayerRaster'
import { buildPyramid, levelFor } from '../src-renderer/editor/pyramid'
import { fitView, type Size } from '../src-renderer/editor/viewport'

const FRAMES = 60
const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!

/** Runs `frame` on each frame's drag; answers the median milliseconds of each named stage it timed. */
function measure(drag: Drag, frame: (drag: Drag, lap: (stage: string) => void) => void): Record<string, number> {
  const laps: Record<string, number[]> = {}
  for (let i = -5; i < FRAMES; i++) {
    const f = Math.max(i, 0) / FRAMES
    const targets = drag.targets.map((t) => ({ x: t.x + 20 * f, y: t.y - 10 * f }))
    const start = performance.now()
    let last = start
    frame({ ...drag, targets }, (stage) => {
      const now = performance.now()
      if (i >= 0) (laps[stage] ??= []).push(now - last)
      last = now
    })
    if (i >= 0) (laps.frame ??= []).push(performance.now() - start)
  }
  return Object.fromEntries(Object.entries(laps).map(([stage, times]) => [stage, median(times)]))
}

/** A layer of noise (the worst case for the texture cache) as a pyramid, as the editor keeps it. */
function layer(width: number, height: number) {
  const full = Object.assign(document.createElement('canvas'), { width, height })
  const pixels = new ImageData(width, height)
  for (let i = 0; i < pixels.data.length; i++) pixels.data[i] = i % 4 === 3 ? 255 : (i * 2654435761) >>> 24
  full.getContext('2d')!.putImageData(pixels, 0, 0)
  return buildPyramid(full)
}

/** Waits for the GL canvas's drawing to be done, by reading one pixel of it (what a frame costs, not a full readback). */
function readOnePixel(canvas: HTMLCanvasElement): void {
  const gl = canvas.getContext('webgl2')!
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4))
}

/**
 * The preview as the editor draws it: a `width`×`height` layer fitted to a `viewport` (CSS pixels, this page's
 * device pixel ratio), drawn by DragPreview on a canvas over a Konva stage that is not redrawn, at screen
 * resolution (`resting`: once the pointer rests) and at MOVING_RESOLUTION (`moving`: while it moves). Each
 * figure is DragPreview.render itself, synchronised by reading one pixel; `split` times the renderer's own steps
 * (solve, mesh built and uploaded, draw calls, the GPU finishing), `floor` the GPU drawing the layer unwarped as
 * one cell at that resolution (the rasteriser's floor for a frame of that size). Baselines in the same page:
 * Konva redrawing the stage with the unwarped layer at the same view (what any frame that redraws the stage
 * costs) and the CPU remap of the zoom's pyramid level (the fallback).
 */
export function screenFrames(width: number, height: number, viewport: Size, drag: Drag) {
  const pyramid = layer(width, height)
  const view = fitView({ width, height }, viewport)
  const level = levelFor(pyramid, view.zoom)
  const size = { width, height }

  const mesh = MeshRenderer.create()
  if (!mesh) throw new Error('This Chromium gives no WebGL 2.')
  const at = (resolution: number) => {
    // As DragPreview reads, solves and merges while the pointer moves (below full resolution).
    const moving = resolution < 1
    mesh.useSource(levelFor(pyramid, view.zoom * resolution))
    const density = window.devicePixelRatio * resolution
    mesh.resize(Math.round(viewport.width * density), Math.round(viewport.height * density))
    const placement: Placement = { scale: view.zoom * density, x: view.x * density, y: view.y * density }
    const split = measure(drag, (drag, lap) => {
      const { field } = solveWarp(drag, size, undefined, moving ? MOVING_PREVIEW.solve : {})
      lap('solve')
      mesh.upload(field, size, placement, moving ? MOVING_PREVIEW.tolerance : undefined)
      lap('meshUpload')
      mesh.draw()
      lap('drawCalls')
      readOnePixel(mesh.canvas)
      lap('gpuDraw')
    })
    const triangles = mesh.triangleCount
    // The layer unwarped, one cell of a field as coarse as the layer (a few triangles).
    mesh.upload(solveWarp({ ...drag, targets: drag.handles }, size, undefined, { spacing: Math.max(width, height) }).field, size, placement)
    const floor = measure(drag, () => {
      mesh.draw()
      readOnePixel(mesh.canvas)
    }).frame!
    return { canvas: `${mesh.canvas.width}×${mesh.canvas.height}`, triangles, split, floor }
  }
  const resting = at(1)
  const moving = at(MOVING_RESOLUTION)

  const preview = new DragPreview()
  const info = { id: 'layer', offsetX: 0, offsetY: 0, visible: true, opacity: 1, blendMode: 'normal' } as LayerInfo
  const source: DragSource = { layer: info, raster: { pyramid } as LayerRaster, screen: { view, viewport }, revision: 0, region: () => undefined }
  const frames = (resolution: number) =>
    measure(drag, (drag) => {
      const image = preview.render(source, drag, false, resolution)
      if (image?.renderer !== 'webgl') throw new Error('The preview did not draw with WebGL.')
      readOnePixel(image.screen)
    }).frame!

  const stage = konvaStage(viewport, level, view, pyramid.width / level.width)
  const konvaRedraw = measure(drag, () => {
    stage.layer.draw()
    stage.layer.getContext()._context.getImageData(0, 0, 1, 1)
  }).frame!
  stage.stage.destroy()

  const pixels = level.getContext('2d')!.getImageData(0, 0, level.width, level.height).data
  const out = new ImageData(level.width, level.height)
  const remapped = Object.assign(document.createElement('canvas'), { width: level.width, height: level.height }).getContext('2d')!
  const cpuRemap = measure(drag, (drag) => {
    previewWarp(pixels, level.width, level.height, solveWarp(drag, size).field, out.data, level.width / width)
    remapped.putImageData(out, 0, 0)
    remapped.getImageData(0, 0, 1, 1)
  }).frame!

  return {
    zoom: view.zoom,
    level: `${level.width}×${level.height}`,
    resting: { frame: frames(1), ...resting },
    moving: { resolution: MOVING_RESOLUTION, frame: frames(MOVING_RESOLUTION), ...moving },
    konvaRedraw,
    cpuRemap,
  }
}

/**
 * The preview drawn at layer resolution and copied into a 2D canvas, read back one pixel: how it was drawn before
 * (the mesh the level's size, Konva's drawImage of the WebGL canvas on every frame), for comparison.
 */
export function layerResolutionFrames(width: number, height: number, drag: Drag) {
  const level = layer(width, height).levels[0]!
  const size = { width, height }
  const mesh = MeshRenderer.create()!
  mesh.useSource(level)
  mesh.resize(width, height)
  const screen = Object.assign(document.createElement('canvas'), { width, height }).getContext('2d')!
  return measure(drag, (drag, lap) => {
    const { field } = solveWarp(drag, size)
    lap('solve')
    mesh.upload(field, size, { scale: 1, x: 0, y: 0 })
    lap('meshUpload')
    mesh.draw()
    lap('drawCalls')
    readOnePixel(mesh.canvas)
    lap('gpuDraw')
    screen.drawImage(mesh.canvas, 0, 0)
    screen.getImageData(0, 0, 1, 1)
    lap('copyTo2d')
  })
}

/** The median interval between `FRAMES` animation frames that each run `work` on that frame's drag. */
function paced(drag: Drag, work: (drag: Drag) => void): Promise<number> {
  const intervals: number[] = []
  return new Promise((resolve) => {
    let i = -5
    let last = 0
    const frame = (now: number) => {
      const f = Math.max(i, 0) / FRAMES
      work({ ...drag, targets: drag.targets.map((t) => ({ x: t.x + 20 * f, y: t.y - 10 * f })) })
      if (i >= 0) intervals.push(now - last)
      last = now
      if (++i < FRAMES) requestAnimationFrame(frame)
      else resolve(median(intervals))
    }
    requestAnimationFrame(frame)
  })
}

/**
 * The drag paced by requestAnimationFrame as the editor paces it, with what each frame draws in the page, so the
 * interval includes the browser compositing it: the preview's canvas shown over a still Konva stage, drawn at
 * MOVING_RESOLUTION as while the pointer moves and at screen resolution as once it rests, beside the same stage
 * redrawn by Konva on every frame and frames that draw nothing (the display's cadence, 60 Hz here).
 */
export async function presentedFrames(width: number, height: number, viewport: Size, drag: Drag) {
  const pyramid = layer(width, height)
  const view = fitView({ width, height }, viewport)
  const level = levelFor(pyramid, view.zoom)
  const stage = konvaStage(viewport, level, view, pyramid.width / level.width)
  stage.layer.draw()
  const idle = await paced(drag, () => {})
  const konvaRedraw = await paced(drag, () => stage.layer.draw())
  const preview = new DragPreview()
  const info = { id: 'layer', offsetX: 0, offsetY: 0, visible: true, opacity: 1, blendMode: 'normal' } as LayerInfo
  const source: DragSource = { layer: info, raster: { pyramid } as LayerRaster, screen: { view, viewport }, revision: 0, region: () => undefined }
  const shownOver = stage.stage.container()
  const dragPreview = (resolution: number) =>
    paced(drag, (drag) => {
      const image = preview.render(source, drag, false, resolution)
      if (image?.renderer !== 'webgl') return
      if (!image.screen.isConnected) shownOver.append(image.screen)
      // As DragOverlay shows it: the viewport's size in CSS pixels, whatever the canvas's own.
      Object.assign(image.screen.style, { position: 'absolute', left: '0', top: '0', width: `${viewport.width}px`, height: `${viewport.height}px` })
    })
  const moving = await dragPreview(MOVING_RESOLUTION)
  const resting = await dragPreview(1)
  stage.stage.destroy()
  return { idle, konvaRedraw, dragPreviewMoving: moving, dragPreviewResting: resting }
}

function konvaStage(viewport: Size, level: HTMLCanvasElement, view: { zoom: number; x: number; y: number }, scale: number) {
  const container = document.body.appendChild(document.createElement('div'))
  const stage = new Konva.Stage({ container, width: viewport.width, height: viewport.height })
  const layer = new Konva.Layer({ imageSmoothingEnabled: view.zoom < 1, listening: false })
  layer.add(new Konva.Image({ image: level, x: view.x, y: view.y, scaleX: view.zoom * scale, scaleY: view.zoom * scale }))
  stage.add(layer)
  return { stage, layer }
}
