import type { TileGrid } from '../../src-shared/contract'
import { buildPyramid, releasePyramid, type Pyramid } from './pyramid'
import type { TileCache } from './TileCache'

/**
 * One layer's pixels in the renderer: a full-size canvas kept in step with the layer's tile grid, and the
 * pyramid drawn from it. Syncing to another version redraws only the tiles whose hashes differ.
 */
export class LayerRaster {
  readonly canvas: HTMLCanvasElement
  pyramid: Pyramid | undefined
  private hashes: string[] = []

  constructor(
    readonly layerId: string,
    width: number,
    height: number,
  ) {
    this.canvas = Object.assign(document.createElement('canvas'), { width, height })
  }

  get width(): number {
    return this.canvas.width
  }

  get height(): number {
    return this.canvas.height
  }

  /** Brings the pixels to `grid`; answers whether any tile changed. */
  async sync(documentId: string, grid: TileGrid, cache: TileCache): Promise<boolean> {
    const changed = grid.tiles.flatMap((hash, index) => (this.hashes[index] === hash ? [] : [index]))
    if (changed.length === 0 && this.pyramid) return false
    const tiles = await cache.get(documentId, changed.map((index) => grid.tiles[index]!))
    const context = this.canvas.getContext('2d')!
    for (const index of changed) {
      const x = (index % grid.columns) * grid.tileSize
      const y = Math.floor(index / grid.columns) * grid.tileSize
      const width = Math.min(grid.tileSize, grid.width - x)
      const rgba = tiles.get(grid.tiles[index]!)!
      const pixels = new Uint8ClampedArray(rgba.buffer as ArrayBuffer, rgba.byteOffset, rgba.byteLength)
      context.putImageData(new ImageData(pixels, width, rgba.byteLength / (width * 4)), x, y)
    }
    this.hashes = grid.tiles
    await this.redraw()
    return true
  }

  /** Rebuilds the pyramid after the full-size canvas changed (a sync or a stroke painted into it). */
  async redraw(): Promise<void> {
    const previous = this.pyramid
    this.pyramid = await buildPyramid(this.canvas)
    releasePyramid(previous)
  }

  release(): void {
    releasePyramid(this.pyramid)
    this.pyramid = undefined
  }
}
