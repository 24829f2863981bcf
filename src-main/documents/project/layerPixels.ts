import { AppError } from '../../../src-shared/contract/errors'
import { blit, gridShape, HASH_BYTES, hashAt, intersect, tileBounds, tileCount, tilesOverlapping } from './tileGrid'
import { tileHash } from './tileCodec'
import type { NewTile, TileStore } from './TileStore'
import type { PixelPatch, Pixels, TiledPixels } from './types'

/** A layer's pixels as stored: its size and the blob of its tile hashes. */
export interface LayerTiles {
  width: number
  height: number
  grid: Buffer
}

/** A layer's pixels after an edit: the new grid, the tiles the project lacks, and which grid cells changed. */
export interface PixelChange {
  tiles: LayerTiles
  newTiles: NewTile[]
  changed: number[]
}

/**
 * Pastes a patch over a layer, re-encoding only the tiles it touches; the rest of the grid is shared. `pending` are
 * tiles the same commit is about to write (a layer it adds), which the store cannot read yet.
 */
export function patchLayer(store: TileStore, layer: LayerTiles, patch: PixelPatch, pending: NewTile[] = []): PixelChange {
  checkSize(patch.rect.width, patch.rect.height, patch.rgba)
  const shape = gridShape(layer.width, layer.height)
  const grid = Buffer.from(layer.grid)
  const change: PixelChange = { tiles: { width: layer.width, height: layer.height, grid }, newTiles: [], changed: [] }
  const inside = intersect(patch.rect, { x: 0, y: 0, width: layer.width, height: layer.height })
  if (!inside) return change
  for (const index of tilesOverlapping(shape, inside)) {
    const bounds = tileBounds(shape, index)
    const hash = hashAt(layer.grid, index)
    const rgba = Buffer.from(pending.find((tile) => tile.hash.equals(hash))?.rgba ?? store.read(hash))
    blit(patch.rgba, patch.rect, rgba, bounds)
    placeTile(store, change, index, bounds.width, bounds.height, rgba)
  }
  return change
}

/** Cuts a whole image into tiles; cells equal to `previous` (same size, same hash) count as unchanged. */
export function replaceLayer(store: TileStore, pixels: Pixels, previous?: LayerTiles): PixelChange {
  checkSize(pixels.width, pixels.height, pixels.rgba)
  const shape = gridShape(pixels.width, pixels.height)
  const sameSize = previous?.width === pixels.width && previous.height === pixels.height
  const grid = sameSize ? Buffer.from(previous.grid) : Buffer.alloc(tileCount(shape) * HASH_BYTES)
  const change: PixelChange = { tiles: { width: pixels.width, height: pixels.height, grid }, newTiles: [], changed: [] }
  const imageRect = { x: 0, y: 0, width: pixels.width, height: pixels.height }
  for (let index = 0; index < tileCount(shape); index++) {
    const bounds = tileBounds(shape, index)
    const rgba = Buffer.allocUnsafeSlow(bounds.width * bounds.height * 4)
    blit(pixels.rgba, imageRect, rgba, bounds)
    placeTile(store, change, index, bounds.width, bounds.height, rgba, !sameSize)
  }
  return change
}

/**
 * Takes a grid whose tiles exist already (or come encoded with it) as the layer's pixels: no tile is read, hashed or
 * deflated. Cells equal to `previous` (same size) count as unchanged. Every hash must name a stored or a given tile,
 * so a bad grid is refused before it can reach a version. The given tiles' hashes are trusted: they come from our
 * own compute host, and checking them would mean inflating and hashing every tile here, the work this avoids.
 */
export function shareTiles(store: TileStore, pixels: TiledPixels, previous?: LayerTiles): PixelChange {
  const shape = gridShape(pixels.width, pixels.height)
  if (pixels.grid.length !== tileCount(shape) * HASH_BYTES) {
    throw new AppError('api.badInput', `A ${pixels.width}×${pixels.height} layer needs ${tileCount(shape)} tile hashes, not ${pixels.grid.length / HASH_BYTES}.`)
  }
  const given = new Set((pixels.newTiles ?? []).map((tile) => tile.hash.toString('hex')))
  const sameSize = previous?.width === pixels.width && previous.height === pixels.height
  const change: PixelChange = { tiles: { width: pixels.width, height: pixels.height, grid: Buffer.from(pixels.grid) }, newTiles: [], changed: [] }
  const checked = new Set<string>()
  for (let index = 0; index < tileCount(shape); index++) {
    const hash = hashAt(pixels.grid, index)
    if (!sameSize || !hash.equals(hashAt(previous.grid, index))) change.changed.push(index)
    const key = hash.toString('hex')
    if (checked.has(key)) continue
    checked.add(key)
    if (!given.has(key) && !store.has(hash)) throw new AppError('project.damaged', `The project lacks tile ${key}.`, { tile: key })
  }
  change.newTiles = (pixels.newTiles ?? []).filter((tile) => !store.has(tile.hash))
  return change
}

/** A fully transparent layer: one stored tile per distinct edge size, however large the layer. */
export function blankLayer(store: TileStore, width: number, height: number): PixelChange {
  return uniformLayer(store, width, height, 0)
}

/** A layer mask that shows everything: white, fully opaque. One stored tile per distinct edge size. */
export function whiteLayer(store: TileStore, width: number, height: number): PixelChange {
  return uniformLayer(store, width, height, 255)
}

/**
 * A layer every byte of which is `value`: a grid of at most four distinct tiles (the full size and the narrower last
 * column, row and corner), each made and hashed once, so a 24 MP layer costs four small tiles, not 24 MP of hashing.
 */
function uniformLayer(store: TileStore, width: number, height: number, value: number): PixelChange {
  const shape = gridShape(width, height)
  const change: PixelChange = { tiles: { width, height, grid: Buffer.alloc(tileCount(shape) * HASH_BYTES) }, newTiles: [], changed: [] }
  const bySize = new Map<string, Buffer>()
  for (let index = 0; index < tileCount(shape); index++) {
    const bounds = tileBounds(shape, index)
    const size = `${bounds.width}x${bounds.height}`
    let hash = bySize.get(size)
    if (!hash) {
      const rgba = Buffer.alloc(bounds.width * bounds.height * 4, value)
      hash = tileHash(bounds.width, bounds.height, rgba)
      bySize.set(size, hash)
      if (!store.has(hash)) change.newTiles.push(store.encode(hash, bounds.width, bounds.height, rgba))
    }
    hash.copy(hashAt(change.tiles.grid, index))
    change.changed.push(index)
  }
  return change
}

function placeTile(
  store: TileStore,
  change: PixelChange,
  index: number,
  width: number,
  height: number,
  rgba: Buffer,
  alwaysChanged = false,
): void {
  const hash = tileHash(width, height, rgba)
  const cell = hashAt(change.tiles.grid, index)
  if (!alwaysChanged && hash.equals(cell)) return
  hash.copy(cell)
  change.changed.push(index)
  const pending = change.newTiles.some((tile) => tile.hash.equals(hash))
  if (!pending && !store.has(hash)) change.newTiles.push(store.encode(hash, width, height, rgba))
}

function checkSize(width: number, height: number, rgba: Buffer): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new AppError('api.badInput', `Pixels must have a positive integer size, not ${width}×${height}.`)
  }
  if (rgba.length !== width * height * 4) {
    throw new AppError('api.badInput', `${width}×${height} RGBA needs ${width * height * 4} bytes, got ${rgba.length}.`)
  }
}
