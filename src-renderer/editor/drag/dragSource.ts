import type { BlendMode, LayerInfo } from '../../../src-shared/contract'
import type { Drag, PixelRect, WarpRegion } from '../../../src-shared/warp'
import type { Raster } from '../raster'
import type { Size, View } from '../viewport'

/** What the preview needs from the editor: the layer being deformed, its pixels, the view it is seen at, the editable region. */
export interface DragSource {
  layer: LayerInfo
  raster: Raster
  /** The view and the viewport's size (CSS pixels): the GPU preview draws only what the screen shows. */
  screen: { view: View; viewport: Size }
  /** The editor's pixels revision: the preview rereads the layer only when it changes. */
  revision: number
  region: () => WarpRegion | undefined
}

/** What every preview reports, whoever drew it. */
interface PreviewFacts {
  layerId: string
  /** Where the drag as asked folds the image over itself, in document pixels. */
  foldedCells: PixelRect[]
  /** The fraction of the drag that apply will render: 1 unless it folds. */
  limitFactor: number
  /** The fraction of screen resolution it was drawn at: below 1 while the pointer moves (WebGL only). */
  resolution: number
}

/**
 * The warped layer. The GPU draws it on a canvas the viewport's size (device pixels), as the view shows the layer,
 * to be shown over the stage as it is, with the layer's opacity and blend mode. The CPU, where the browser has no
 * WebGL 2, warps the layer's pyramid level, for the stage to draw in the layer's place scaled up by `scale`.
 */
export type PreviewImage = PreviewFacts &
  ({ renderer: 'webgl'; screen: HTMLCanvasElement; opacity: number; blendMode: BlendMode } | { renderer: 'cpu'; canvas: HTMLCanvasElement; scale: number })

/**
 * The live preview of a drag. Once the pointer rests, the drag is solved exactly as the compute host solves it at
 * apply (layer pixels, the same grid, region and fold limit), so the preview shows what apply renders, at any zoom. Only the drawing is at
 * screen resolution: the GPU rasterises the mesh of the cells on screen at the view's scale, textured with the
 * layer's pyramid level for the zoom; the CPU resamples that level. The level is read (uploaded) once per change
 * of layer, level or pixels, not on every frame.
 */
/** Draws the drag's preview: the window's DragPreview (WebGL, else the CPU); in Node, none. */
export interface DragPreviewer {
  render(source: DragSource, drag: Drag, limitToMask: boolean, resolution: number): PreviewImage | undefined
  forget(): void
}
