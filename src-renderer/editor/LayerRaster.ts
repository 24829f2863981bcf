import type { Rect, TileGrid } from '../../src-shared/contract'
import { buildPyramid, patchPyramid, type Pyramid } from './pyramid'
import type { Raster, TileSource } from './raster'
import type { Coverage } from './selection/coverage'
import { rasterizeStroke, type Stroke } from './strokes'

/**
 * One layer's pixels in the window: a full-size canvas kept in step with the layer's tile grid, and the
 * pyramid drawn from it. Syncing to another version redraws only the tiles whose hashes differ.
 */
export class LayerRaster implements Raster {
  readonly canvas: HTMLCanvasElement
  pyramid: Pyramid | undefined
  revision = 0
  /** The rectangles (layer pixels) that recent revisions changed, newest last, for views to patch instead of rebuild. */
  private damage: { revision: number; rect: Rect }[] = []
  private hashes: string[] = []
  private emptyAt: { revision: number; empty: boolean } | undefined
  mask: LayerRaster | undefined
  maskEnabled = true
  /** The pixels through the mask, what the pyramid is built from while the mask is on. */
  private masked: HTMLCanvasElement | undefined

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

  async sync(documentId: string, grid: TileGrid, cache: TileSource): Promise<boolean> {
    const changed = grid.tiles.flatMap((hash, index) => (this.hashes[index] === hash ? [] : [index]))
    if (changed.length === 0 && this.pyramid) return false
    const tiles = await cache.get(documentId, changed.map((index) => grid.tiles[index]!))
    const context = this.canvas.getContext('2d')!
    let dirty: Rect | undefined
    for (const index of changed) {
      const x = (index % grid.columns) * grid.tileSize
      const y = Math.floor(index / grid.columns) * grid.tileSize
      const width = Math.min(grid.tileSize, grid.width - x)
      const rgba = tiles.get(grid.tiles[index]!)!
      const pixels = new Uint8ClampedArray(rgba.buffer as ArrayBuffer, rgba.byteOffset, rgba.byteLength)
      const height = rgba.byteLength / (width * 4)
      context.putImageData(new ImageData(pixels, width, height), x, y)
      dirty = union(dirty, { x, y, width, height })
    }
    this.hashes = grid.tiles
    this.redraw(dirty)
    return true
  }

  /** Attaches (or with undefined drops) the layer mask; the picture is redrawn when that changes what shows. */
  setMask(mask: Raster | undefined, enabled: boolean): void {
    const raster = canvasRaster(mask)
    if (raster === this.mask && enabled === this.maskEnabled) return
    this.mask = raster
    this.maskEnabled = enabled
    this.masked = undefined
    this.redraw()
  }

  /** The layer as the picture shows it: its pixels, through its mask while the mask is on. */
  get shown(): HTMLCanvasElement {
    return this.masked ?? this.canvas
  }

  isEmpty(): boolean {
    if (this.emptyAt?.revision !== this.revision) {
      const pixels = this.read()
      let empty = true
      for (let i = 3; i < pixels.length && empty; i += 4) empty = pixels[i] === 0
      this.emptyAt = { revision: this.revision, empty }
    }
    return this.emptyAt.empty
  }

  read(rect: Rect = { x: 0, y: 0, width: this.width, height: this.height }): Uint8ClampedArray {
    return this.canvas.getContext('2d', { willReadFrequently: true })!.getImageData(rect.x, rect.y, rect.width, rect.height).data
  }

  write(rect: Rect, rgba: Uint8ClampedArray): void {
    this.canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(rgba), rect.width, rect.height), rect.x, rect.y)
  }

  paint(stroke: Stroke, offset: { x: number; y: number }, bounds: Rect, clip?: Coverage): void {
    rasterizeStroke(this.canvas, stroke, offset, bounds, clip && clipCanvas(clip))
  }

  /** Brings the smaller levels up to date after the full-size canvas changed in `rect` (all of it by default). */
  redraw(rect?: Rect): void {
    if (this.mask && this.maskEnabled) {
      if (!this.masked) rect = undefined
      this.masked ??= Object.assign(document.createElement('canvas'), { width: this.width, height: this.height })
      const area = rect ?? { x: 0, y: 0, width: this.width, height: this.height }
      const context = this.masked.getContext('2d')!
      context.save()
      context.clearRect(area.x, area.y, area.width, area.height)
      context.drawImage(this.canvas, area.x, area.y, area.width, area.height, area.x, area.y, area.width, area.height)
      context.globalCompositeOperation = 'destination-in'
      context.drawImage(this.mask.canvas, area.x, area.y, area.width, area.height, area.x, area.y, area.width, area.height)
      context.restore()
    }
    if (this.pyramid && rect && this.pyramid.levels[0] === this.shown) patchPyramid(this.pyramid, rect)
    else this.pyramid = buildPyramid(this.shown)
    this.revision++
    this.damage = [...this.damage.slice(-(DAMAGE_KEPT - 1)), { revision: this.revision, rect: rect ?? { x: 0, y: 0, width: this.width, height: this.height } }]
  }

  /** What changed after `revision`: one rectangle covering it, or undefined when nothing did; 'unknown' when it is too long ago. */
  changedSince(revision: number): Rect | undefined | 'unknown' {
    if (revision === this.revision) return undefined
    const since = this.damage.filter((entry) => entry.revision > revision)
    if (since.length !== this.revision - revision) return 'unknown'
    return since.map((entry) => entry.rect).reduce<Rect | undefined>(union, undefined)
  }

  release(): void {
    this.pyramid = undefined
  }
}

/** The window's rasters are all LayerRasters: the canvas code reads their canvases and pyramids through this. */
export function canvasRaster(raster: Raster | undefined): LayerRaster | undefined {
  return raster instanceof LayerRaster ? raster : undefined
}

const DAMAGE_KEPT = 16

/** The selection's coverage as an alpha-only canvas, to clip strokes with; made once per selection. */
const clips = new WeakMap<Coverage, HTMLCanvasElement>()
function clipCanvas(coverage: Coverage): HTMLCanvasElement {
  let canvas = clips.get(coverage)
  if (!canvas) {
    const image = new ImageData(coverage.width, coverage.height)
    for (let i = 0; i < coverage.alpha.length; i++) image.data[i * 4 + 3] = coverage.alpha[i]!
    canvas = Object.assign(document.createElement('canvas'), { width: coverage.width, height: coverage.height })
    canvas.getContext('2d')!.putImageData(image, 0, 0)
    clips.set(coverage, canvas)
  }
  return canvas
}

function union(a: Rect | undefined, b: Rect): Rect {
  if (!a) return b
  const x = Math.min(a.x, b.x)
  const y = Math.min(a.y, b.y)
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y }
}
