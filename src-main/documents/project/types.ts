/** The public shapes of a project: what the API layer, the history panel and the renderer see. */

export type VersionId = number
export type LayerKind = 'raster' | 'mask'
export type { BlendMode } from '../../../src-shared/contract/documents'
import type { BlendMode } from '../../../src-shared/contract/documents'

/** A rectangle in a layer's own pixel coordinates. */
export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** Straight (not premultiplied) 8-bit RGBA, row-major, 4 bytes a pixel. */
export interface Pixels {
  width: number
  height: number
  rgba: Buffer
}

export interface LayerProperties {
  name: string
  visible: boolean
  opacity: number
  blendMode: BlendMode
  offsetX: number
  offsetY: number
  locked: boolean
}

export interface LayerInfo extends LayerProperties {
  id: string
  kind: LayerKind
  width: number
  height: number
  /** A raster layer's layer mask, when it has one (its pixels: `readMask`, `tileGrid(…, 'mask')`). */
  mask?: { enabled: boolean }
}

export interface DocumentInfo {
  name: string
  width: number
  height: number
  colourSpace: 'srgb'
}

/** New pixels for part of a layer: `rgba` holds `rect.width × rect.height` pixels placed at `rect`. */
export interface PixelPatch {
  rect: Rect
  rgba: Buffer
}

/** A tile hashed and encoded elsewhere (the compute host), ready to be stored as it is. */
export interface EncodedTile {
  hash: Buffer
  width: number
  height: number
  encoded: Buffer
}

/**
 * A whole layer already cut into tiles: the grid of their hashes, and the encoded tiles among them the project may
 * lack. A duplicate passes its source's grid and no tiles (copy-on-write: the tiles are shared, nothing is hashed
 * or deflated); the compute host passes the tiles it made.
 */
export interface TiledPixels {
  width: number
  height: number
  grid: Buffer
  newTiles?: EncodedTile[]
}

/**
 * What one version changes in one layer. A layer id the head lacks adds a layer (transparent at document size
 * unless `pixels` gives a whole image); `position` moves it in the stack (0 = bottom); `remove` drops it.
 */
export interface LayerEdit {
  layerId: string
  kind?: LayerKind
  properties?: Partial<LayerProperties>
  position?: number
  pixels?: PixelPatch | Pixels | TiledPixels
  /** The layer mask: added (white, all shown, unless `pixels` gives it) or changed; null deletes it. */
  mask?: MaskEdit | null
  remove?: true
}

/**
 * A layer mask, Photoshop's way: white shows the layer, black hides it. It has the layer's size and place, and is
 * stored as tiles like the layer's own, white pixels whose alpha is the mask (255 shows), so a brush paints it as
 * it paints pixels and the canvas applies it with one `destination-in`.
 */
export interface MaskEdit {
  enabled?: boolean
  pixels?: PixelPatch | Pixels | TiledPixels
}

/** Everything needed to explain, search and re-run a version. */
export interface EditRecord {
  operation: string
  params?: Record<string, unknown>
  prompt?: string
  negativePrompt?: string
  seed?: number
  modelPack?: string
  engine?: string
  maskRef?: string
  durationMs?: number
  /** PNG or WebP bytes for the history panel. */
  thumbnail?: Buffer
}

export interface Edit extends EditRecord {
  /**
   * A new canvas, in the parent's canvas coordinates (crop, canvas size, outpaint): the document takes its size and
   * every layer moves by (−x, −y). The edit's layer changes are in the new canvas's coordinates.
   */
  canvas?: Rect
  layers: LayerEdit[]
}

export interface CanvasSize {
  width: number
  height: number
}

export interface CommitResult {
  versionId: VersionId
  /** Per layer whose pixels changed: the indices of its changed tiles in the new grid, so views refetch only those. */
  changedTiles: { layerId: string; tiles: number[] }[]
}

export interface VersionRecord extends EditRecord {
  id: VersionId
  parentId: VersionId | null
  createdAt: number
  params: Record<string, unknown>
}

export interface HistoryEntry {
  id: VersionId
  parentId: VersionId | null
  operation: string
  prompt: string | null
  createdAt: number
  hasThumbnail: boolean
  /** On the path from the first version to the head: the history the user sees as "current". */
  onHeadPath: boolean
  isHead: boolean
}

/** A layer's pixels as tiles: `tiles[row * columns + column]` is the hash to fetch with `readTile`. */
export interface TileGrid {
  width: number
  height: number
  tileSize: number
  columns: number
  rows: number
  tiles: string[]
}

export interface LayerDifference {
  layerId: string
  /** Property names that differ, `width`/`height` included. */
  properties: string[]
  /** Indices of tiles in the second version's grid whose pixels differ (all of them after a resize). */
  tiles: number[]
}

export interface VersionComparison {
  added: string[]
  removed: string[]
  changed: LayerDifference[]
}
