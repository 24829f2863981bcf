import type { DocumentInfo, Rect, TileGrid } from '../../src-shared/contract'
import type { Coverage } from './selection/coverage'
import type { SelectionShape } from './selection/shapes'
import type { Stroke } from './strokes'

/** Where a raster gets its tiles' pixels by hash (the TileCache). */
export interface TileSource {
  get(documentId: string, hashes: string[]): Promise<Map<string, Uint8Array>>
}

/**
 * One layer's pixels as the editor core sees them. The window's are canvases with a pyramid (LayerRaster); the
 * core only reads, writes and paints them through this, so it runs in Node over plain typed arrays too.
 */
export interface Raster {
  readonly layerId: string
  readonly width: number
  readonly height: number
  /** Counts the changes to the pixels, so a view built from them can tell it is behind. */
  readonly revision: number
  /** The layer mask's raster (white pixels whose alpha is the mask), when the layer has one. */
  readonly mask: Raster | undefined
  /** Brings the pixels to `grid`; answers whether any tile changed. */
  sync(documentId: string, grid: TileGrid, tiles: TileSource): Promise<boolean>
  /** Attaches (or with undefined drops) the layer mask. */
  setMask(mask: Raster | undefined, enabled: boolean): void
  /** Whether no pixel of the layer is even partly opaque. */
  isEmpty(): boolean
  /** The RGBA pixels of `rect` (the whole layer by default), a copy. */
  read(rect?: Rect): Uint8ClampedArray
  /** Puts RGBA pixels into `rect` (redraw follows, as after paint). */
  write(rect: Rect, rgba: Uint8ClampedArray): void
  /** Lays a stroke (document pixels; the layer at `offset`) into `bounds` of the layer, inside `clip` when given. */
  paint(stroke: Stroke, offset: { x: number; y: number }, bounds: Rect, clip?: Coverage): void
  /** Brings what is drawn from the pixels up to date after they changed in `rect` (all of it by default). */
  redraw(rect?: Rect): void
  release(): void
}

/** What the core needs done with pictures that the window does with canvases and Node with typed arrays. */
export interface PixelBackend {
  createRaster(layerId: string, width: number, height: number): Raster
  /** A shape rasterised into coverage, anti-aliased. */
  shapeCoverage(shape: SelectionShape, width: number, height: number): Coverage
  /** The visible raster layers blended at full size, as RGBA (the wand's "sample all layers"). */
  composite(document: DocumentInfo, rasters: Map<string, Raster>): Uint8ClampedArray
  /** A small WebP of the document for the history panel; undefined where none can be encoded. */
  thumbnail(document: DocumentInfo, rasters: Map<string, Raster>): Promise<Uint8Array | undefined>
}
