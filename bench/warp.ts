/**
 * Drag to deform (issue 8): the live preview's cost per frame in Chromium (the shared MLS grid solve plus the
 * WebGL mesh at screen resolution, 5 handles on a 1920×1080 layer fitted to a 1280×800 viewport; target ≥ 60 fps), the full-size apply on a 6000×4000 layer
 * (target < 1 s) against sharp's affine transform of the same image, and fidelity on the eval photos: an object
 * cut out by its mask, moved, rotated and scaled by a known amount, and dragged there by points on it.
 */
import { availableParallelism } from 'node:os'
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
 * The renderer's per-frame work while dragging, in headless Chromium (WebGL on SwiftShader, the CPU) on the very
 * code the renderer bundles: 5 handles on a 1920×1080 layer in the editor's fit-to-window view of a 1280×800
 * viewport, solved as apply solves it (layer pixels, folds checked) and drawn by the GPU on the canvas shown over
 * the stage, at the reduced resolution the editor draws while the pointer moves and at screen resolution once it
 * rests. A frame is synchronised by reading one pixel back; its split into solve, mesh upload, draw and the GPU
 * finishing is timed on the same steps. Baselines in the same run: Konva redrawing the stage with the unwarped
 * layer at that view, the GPU drawing it unwarped as one cell at each resolution (the rasteriser's floor), and
 * the CPU remap (the fallback). For comparison, the same frames drawn at layer resolution and copied into a 2D
 * canvas (how the preview drew before), and frames paced by requestAnimationFrame with the canvas in the page
 * (capped at the display's 60 Hz).
 */
export async function previewInChromium() {
  const bundle = await build({ entryPoints: ['bench/warpPreviewPage.ts'], bundle: true, format: 'iife', globalName: 'warpPreview', write: false })
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 })
    // tsx names the functions it compiles with a helper (__name) that the page lacks: give it a no-op one.
    await page.addScriptTag({ content: `globalThis.__name = (f) => f;\n${bundle.outputFiles[0]!.text}` })
    const [width, height] = [1920, 1080]
    const viewport = { width: 1280, height: 800 }
    const drag = fiveHandleDrag(width, height, 60)
    const screen = await page.evaluate((a) => (globalThis as any).warpPreview.screenFrames(a.width, a.height, a.viewport, a.drag), { width, height, viewport, drag })
    const presented: Record<string, number> = await page.evaluate((a) => (globalThis as any).warpPreview.presentedFrames(a.width, a.height, a.viewport, a.drag), { width, height, viewport, drag })
    const layerResolution = await page.evaluate((a) => (globalThis as any).warpPreview.layerResolutionFrames(a.width, a.height, a.drag), { width, height, drag })
    const renderer = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2')
      const info = gl?.getExtension('WEBGL_debug_renderer_info')
      return info ? String(gl!.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'none'
    })
    const rounded = (split: Record<string, number>) => Object.fromEntries(Object.entries(split).map(([stage, ms]) => [stage, round(ms)]))
    const konva = 'Konva redrawing the stage with the unwarped layer at the same view'
    type Frames = { frame: number; canvas: string; triangles: number; split: Record<string, number>; floor: number; resolution?: number }
    const frames = ({ frame, canvas, triangles, split, floor, resolution }: Frames) => ({
      ...(resolution !== undefined && { resolution }),
      glCanvas: canvas,
      triangles,
      ...versus(frame, screen.konvaRedraw, konva),
      fps: round(1000 / frame, 1),
      overFloor: round(frame / floor),
      splitMs: rounded(split),
      gpuUnwarpedOneCell: versus(floor, screen.konvaRedraw, 'the same Konva redraw'),
    })
    return {
      fitToWindow1280x800: {
        layer: `${width}×${height}`,
        zoom: round(screen.zoom, 3),
        textureLevel: screen.level,
        movingPointer: frames(screen.moving),
        restingPointer: frames(screen.resting),
        cpuRemap: { ...versus(screen.cpuRemap, screen.konvaRedraw, 'the same Konva redraw'), fps: round(1000 / screen.cpuRemap, 1) },
        presentedByAnimationFrames: Object.fromEntries(Object.entries(presented).map(([what, ms]) => [what, { ms: round(ms), fps: round(1000 / ms, 1) }])),
      },
      layerResolutionCopiedTo2d: {
        ...versus(layerResolution.frame, screen.resting.frame, 'the screen-resolution frame above, pointer resting'),
        fps: round(1000 / layerResolution.frame, 1),
        splitMs: rounded(layerResolution),
      },
      webgl: renderer,
      target: '≥ 60 fps',
    }
  } finally {
    await browser.close()
  }
}

/** engines.warp's work on a 24-megapixel layer: the warp alone (fill off), and the warp with the fill of what it uncovers. */
export async function fullSizeApply() {
  const width = 6000
  const height = 4000
  const rgba = photoLikeRgba(width, height)
  const drag = fiveHandleDrag(width, height, 180)
  const request = { width, height, rgba: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength), ...drag, fill: false }
  const applyMs = await medianMs(3, () => warp(request, noContext))
  // The fill's cost follows the uncovered area (here the strips the drag pulls in from beyond the layer's edge).
  let uncoveredPixels = 0
  const withFillMs = await medianMs(1, async () => {
    const result = await warp({ ...request, fill: true }, noContext)
    uncoveredPixels = result.uncovered.reduce((count, value) => count + (value ? 1 : 0), 0)
  })
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
    warpAndFill: { ...versus(withFillMs, sharpMs, "sharp's bicubic affine (rotation) of the same layer"), uncoveredPixels },
    threads: availableParallelism(),
    solveMs,
    onePassMs,
    applyOverOnePass: round(applyMs / onePassMs),
    target: '< 1000 ms',
  }
}
