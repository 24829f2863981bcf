import { DEFAULT_SPACING, previewWarp, solveWarp, type Drag, type SolveOptions, type PixelRect, type WarpField, type WarpRegion } from '../../../src-shared/warp'
import { levelFor } from '../pyramid'
import type { LayerRaster } from '../LayerRaster'
import type { DragPreviewer, DragSource, PreviewImage } from './dragSource'
import { MeshRenderer } from './MeshRenderer'

/**
 * While a point moves (the GPU preview below full resolution), the drag is solved on a grid twice as coarse as
 * apply's, a quarter of the MLS solves, with the fold limit found to 1/64 of the drag instead of 1/4096 (half the
 * solves of a drag that folds), and the mesh may read a canvas pixel from the field instead of half: fewer
 * triangles, each of which SwiftShader pays for. Once the point rests, the preview is solved as apply solves it.
 */
export const MOVING_PREVIEW: { solve: SolveOptions; tolerance: number } = { solve: { spacing: 2 * DEFAULT_SPACING, bisections: 6 }, tolerance: 1 }

export class DragPreview implements DragPreviewer {
  private mesh: MeshRenderer | undefined | null = null
  /** The CPU's copy of the level it warps, read for the source of that key. */
  private cpu?: { key: string; level: HTMLCanvasElement; canvas: HTMLCanvasElement; pixels: Uint8ClampedArray; out: ImageData }
  private source?: { key: string; region?: WarpRegion }

  /** `resolution` (0–1) draws the GPU's canvas at that fraction of the screen's, for the browser to scale up. */
  render({ layer, raster, screen, revision, region }: DragSource, drag: Drag, limitToMask: boolean, resolution = 1): PreviewImage | undefined {
    // The window's rasters are LayerRasters: the preview draws from their pyramids.
    const pyramid = (raster as Partial<Pick<LayerRaster, 'pyramid'>>).pyramid
    if (!pyramid) return undefined
    const key = `${layer.id}/${revision}/${limitToMask}`
    if (this.source?.key !== key) {
      this.source = { key, region: limitToMask ? region() : undefined }
      if (this.mesh === null) this.mesh = MeshRenderer.create()
      this.mesh?.forgetSources()
    }
    const { view, viewport } = screen
    const moving = Boolean(this.mesh) && resolution < 1
    // The level for the scale it is drawn at: a moving frame is drawn smaller and reads a smaller level, closer
    // to one texel a pixel (less aliased, and the texture reads stay close together).
    const level = levelFor(pyramid, view.zoom * (moving ? resolution : 1))
    const size = { width: pyramid.width, height: pyramid.height }
    const solution = solveWarp(drag, size, this.source.region, moving ? MOVING_PREVIEW.solve : {})
    const inDocument = (r: PixelRect) => ({ ...r, x: r.x + layer.offsetX, y: r.y + layer.offsetY })
    const facts = { layerId: layer.id, foldedCells: solution.foldedCells.map(inDocument), limitFactor: solution.limitFactor }
    if (this.mesh) {
      // Canvas pixels per CSS pixel.
      const density = window.devicePixelRatio * resolution
      this.mesh.resize(Math.round(viewport.width * density), Math.round(viewport.height * density))
      const placement = { scale: view.zoom * density, x: (view.x + layer.offsetX * view.zoom) * density, y: (view.y + layer.offsetY * view.zoom) * density }
      this.mesh.useSource(level)
      this.mesh.upload(solution.field, size, placement, moving ? MOVING_PREVIEW.tolerance : undefined)
      this.mesh.draw()
      return { ...facts, resolution, renderer: 'webgl', screen: this.mesh.canvas, opacity: layer.visible ? layer.opacity : 0, blendMode: layer.blendMode }
    }
    return { ...facts, resolution: 1, renderer: 'cpu', canvas: this.remap(key, level, solution.field, size), scale: pyramid.width / level.width }
  }

  forget(): void {
    this.source = undefined
  }

  private remap(key: string, level: HTMLCanvasElement, field: WarpField, layer: { width: number; height: number }): HTMLCanvasElement {
    if (this.cpu?.key !== key || this.cpu.level !== level) {
      const { width, height } = level
      const canvas = this.cpu?.canvas ?? document.createElement('canvas')
      Object.assign(canvas, { width, height })
      const pixels = level.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, width, height).data
      this.cpu = { key, level, canvas, pixels, out: new ImageData(width, height) }
    }
    const { canvas, pixels, out } = this.cpu
    previewWarp(pixels, canvas.width, canvas.height, field, out.data, canvas.width / layer.width)
    canvas.getContext('2d')!.putImageData(out, 0, 0)
    return canvas
  }
}
