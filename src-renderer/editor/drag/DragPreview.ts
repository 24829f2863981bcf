import { previewWarp, solveWarp, type Drag, type PixelRect, type WarpRegion } from '../../../src-shared/warp'
import { levelFor } from '../pyramid'
import type { DragSource } from './DragSession'
import { scaledRegion } from './region'

/** A layer warped for the screen: drawn at the layer's offset, scaled up by `scale`. */
export interface PreviewImage {
  layerId: string
  canvas: HTMLCanvasElement
  scale: number
  /** Where the drag as asked folds the image over itself, in document pixels. */
  foldedCells: PixelRect[]
}

/**
 * The live preview of a drag: the layer's pyramid level for the zoom (about screen resolution), warped by the
 * shared solver, so the preview is the same field the compute host applies at full size. The level's pixels and
 * the region are read once per change of layer, level or pixels, not on every frame.
 */
export class DragPreview {
  private readonly canvas = document.createElement('canvas')
  private source?: { key: string; pixels: Uint8ClampedArray; out: ImageData; region?: WarpRegion }

  render({ layer, raster, zoom, revision, region }: DragSource, drag: Drag, limitToMask: boolean): PreviewImage | undefined {
    const pyramid = raster.pyramid
    if (!pyramid) return undefined
    const level = levelFor(pyramid, zoom)
    const { width, height } = level
    // The level's own size over the layer's, as the canvas draws it (levels round their size up).
    const s = width / pyramid.width
    const key = `${layer.id}/${width}/${revision}/${limitToMask}`
    if (this.source?.key !== key) {
      const pixels = level.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, width, height).data
      const wanted = limitToMask ? region() : undefined
      this.source = { key, pixels, out: new ImageData(width, height), region: wanted && scaledRegion(wanted, s, { width, height }) }
      Object.assign(this.canvas, { width, height })
    }
    const at = (p: { x: number; y: number }) => ({ x: p.x * s, y: p.y * s })
    const scaled = { ...drag, handles: drag.handles.map(at), targets: drag.targets.map(at), pins: drag.pins.map(at) }
    const solution = solveWarp(scaled, level, this.source.region)
    previewWarp(this.source.pixels, width, height, solution.field, this.source.out.data)
    this.canvas.getContext('2d')!.putImageData(this.source.out, 0, 0)
    const inDocument = (r: PixelRect) => ({ x: r.x / s + layer.offsetX, y: r.y / s + layer.offsetY, width: r.width / s, height: r.height / s })
    return { layerId: layer.id, canvas: this.canvas, scale: 1 / s, foldedCells: solution.foldedCells.map(inDocument) }
  }

  forget(): void {
    this.source = undefined
  }
}
