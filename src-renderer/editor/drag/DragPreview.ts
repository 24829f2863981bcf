import { previewWarp, solveWarp, type Drag, type PixelRect, type WarpField, type WarpRegion } from '../../../src-shared/warp'
import { levelFor } from '../pyramid'
import type { DragSource } from './DragSession'
import { MeshRenderer } from './MeshRenderer'

/** A layer warped for the screen: drawn at the layer's offset, scaled up by `scale`. */
export interface PreviewImage {
  layerId: string
  canvas: HTMLCanvasElement
  scale: number
  /** Where the drag as asked folds the image over itself, in document pixels. */
  foldedCells: PixelRect[]
  /** The fraction of the drag that apply will render: 1 unless it folds. */
  limitFactor: number
  /** Who drew it: the GPU's mesh, or the CPU where the browser has no WebGL 2. */
  renderer: 'webgl' | 'cpu'
}

/**
 * The live preview of a drag. The drag is solved exactly as the compute host solves it at apply (layer pixels, the
 * same grid, region and fold limit), so the preview shows what apply renders, at any zoom. Only the drawing is at
 * screen resolution: the layer's pyramid level for the zoom, warped by the GPU as a textured mesh of the field's
 * cells, or resampled on the CPU where there is no WebGL 2. The level is read once per change of layer, level or
 * pixels, not on every frame.
 */
export class DragPreview {
  private mesh: MeshRenderer | undefined | null = null
  private cpu?: { canvas: HTMLCanvasElement; pixels: Uint8ClampedArray; out: ImageData }
  private source?: { key: string; region?: WarpRegion }

  render({ layer, raster, zoom, revision, region }: DragSource, drag: Drag, limitToMask: boolean): PreviewImage | undefined {
    const pyramid = raster.pyramid
    if (!pyramid) return undefined
    const level = levelFor(pyramid, zoom)
    const key = `${layer.id}/${level.width}/${revision}/${limitToMask}`
    if (this.source?.key !== key) {
      this.source = { key, region: limitToMask ? region() : undefined }
      this.load(level)
    }
    const size = { width: pyramid.width, height: pyramid.height }
    const solution = solveWarp(drag, size, this.source.region)
    const canvas = this.draw(solution.field, size)
    const inDocument = (r: PixelRect) => ({ ...r, x: r.x + layer.offsetX, y: r.y + layer.offsetY })
    return {
      layerId: layer.id,
      canvas,
      scale: pyramid.width / level.width,
      foldedCells: solution.foldedCells.map(inDocument),
      limitFactor: solution.limitFactor,
      renderer: this.mesh ? 'webgl' : 'cpu',
    }
  }

  forget(): void {
    this.source = undefined
  }

  private load(level: HTMLCanvasElement): void {
    if (this.mesh === null) this.mesh = MeshRenderer.create()
    if (this.mesh) return this.mesh.setSource(level)
    const { width, height } = level
    const canvas = this.cpu?.canvas ?? document.createElement('canvas')
    Object.assign(canvas, { width, height })
    const pixels = level.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, width, height).data
    this.cpu = { canvas, pixels, out: new ImageData(width, height) }
  }

  private draw(field: WarpField, layer: { width: number; height: number }): HTMLCanvasElement {
    if (this.mesh) {
      this.mesh.draw(field, layer)
      return this.mesh.canvas
    }
    const { canvas, pixels, out } = this.cpu!
    previewWarp(pixels, canvas.width, canvas.height, field, out.data, canvas.width / layer.width)
    canvas.getContext('2d')!.putImageData(out, 0, 0)
    return canvas
  }
}
