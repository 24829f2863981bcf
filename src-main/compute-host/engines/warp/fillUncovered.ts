/**
 * Rebuilds what a warp uncovered, piece by piece. The uncovered area is mostly thin strips (pulled in along the
 * layer's edges, or left behind a dragged object), and one fill over their joint bounds would complete a window the
 * size of the photo. Instead each connected piece, cut into tiles where it is long, is filled in its own window: the
 * tile grown by a margin that follows the piece's thickness. Tiles run one after another, each seeing the pixels the
 * earlier ones filled as known, so neighbouring tiles continue one another.
 */
import type { CompletionContext } from '../contentAwareFill/completion'
import { contentAwareFill } from '../contentAwareFill/contentAwareFill'
import type { Rect } from '../contentAwareFill/masks'

/**
 * Tiles of a long piece: TILE across, large enough for the completion's coarse levels, small enough that the window
 * of a corner where the piece turns stays small; TILE_ALONG along the piece's longer side, as a strip's window stays
 * thin however long it is, and each completion has a fixed cost (about 1–2 s even for a few thousand pixels) that
 * fewer tiles pay less often.
 */
const TILE = 768
const TILE_ALONG = 2048
/** The least context around a tile: PatchMatch's coarsest levels need whole patches on every side. */
const MIN_MARGIN = 48

interface Image {
  width: number
  height: number
  rgba: Uint8Array
}

/** Fills every pixel where `uncovered` is 255, in place in `image.rgba`; other pixels keep their bytes. */
export async function fillUncovered(image: Image, uncovered: Uint8Array, context: CompletionContext): Promise<void> {
  const { pieces, labels } = labelPieces(uncovered, image.width, image.height)
  const tiles = pieces.flatMap((piece) => tilesOf(piece, labels, image.width))
  const total = tiles.reduce((sum, tile) => sum + tile.area, 0)
  // Uncovered pixels not filled yet hold whatever the warp read there: never a source of patches.
  const pending = uncovered.slice()
  let done = 0
  for (const tile of tiles) {
    const window = grow(tile.bounds, Math.max(MIN_MARGIN, 2 * tile.thickness), image.width, image.height)
    const mask = new Uint8Array(window.width * window.height)
    forEachIn(tile.bounds, image.width, (index, x, y) => {
      if (labels[index] === tile.label) mask[(y - window.y) * window.width + (x - window.x)] = 255
    })
    const samplingArea = new Uint8Array(mask.length)
    forEachIn(window, image.width, (index, x, y) => {
      samplingArea[(y - window.y) * window.width + (x - window.x)] = 255 - pending[index]!
    })
    const filled = await contentAwareFill(
      { width: window.width, height: window.height, rgba: cut(image, window), mask, samplingArea },
      { checkpoint: context.checkpoint, progress: (fraction) => context.progress((done + fraction * tile.area) / total) },
    )
    forEachIn(tile.bounds, image.width, (index, x, y) => {
      if (labels[index] !== tile.label) return
      const from = ((y - window.y) * window.width + (x - window.x)) * 4
      image.rgba.set(filled.rgba.subarray(from, from + 4), index * 4)
      pending[index] = 0
    })
    done += tile.area
  }
}

interface Piece {
  label: number
  bounds: Rect
}

interface Tile {
  label: number
  bounds: Rect
  area: number
  /** The piece's width across, roughly: its area in the tile over the tile's longer side. */
  thickness: number
}

/** Connected pieces of the mask (4-neighbours), with a label image: 0 = not uncovered, else the piece's label. */
function labelPieces(mask: Uint8Array, width: number, height: number): { pieces: Piece[]; labels: Int32Array } {
  const labels = new Int32Array(width * height)
  const pieces: Piece[] = []
  const stack = new Int32Array(width * height)
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== 255 || labels[start] !== 0) continue
    const label = pieces.length + 1
    let x0 = width, y0 = height, x1 = -1, y1 = -1
    let top = 0
    stack[top++] = start
    labels[start] = label
    while (top > 0) {
      const index = stack[--top]!
      const x = index % width
      const y = (index - x) / width
      if (x < x0) x0 = x
      if (x > x1) x1 = x
      if (y < y0) y0 = y
      if (y > y1) y1 = y
      for (const next of [x > 0 ? index - 1 : -1, x < width - 1 ? index + 1 : -1, y > 0 ? index - width : -1, y < height - 1 ? index + width : -1]) {
        if (next >= 0 && mask[next] === 255 && labels[next] === 0) {
          labels[next] = label
          stack[top++] = next
        }
      }
    }
    pieces.push({ label, bounds: { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 } })
  }
  return { pieces, labels }
}

/** A piece's bounds cut into tiles, keeping those the piece reaches into, each shrunk to the piece's pixels. */
function tilesOf(piece: Piece, labels: Int32Array, width: number): Tile[] {
  const tiles: Tile[] = []
  const { bounds } = piece
  const wide = bounds.width >= bounds.height
  const tileWidth = wide ? TILE_ALONG : TILE
  const tileHeight = wide ? TILE : TILE_ALONG
  for (let top = bounds.y; top < bounds.y + bounds.height; top += tileHeight) {
    for (let left = bounds.x; left < bounds.x + bounds.width; left += tileWidth) {
      const cell = { x: left, y: top, width: Math.min(tileWidth, bounds.x + bounds.width - left), height: Math.min(tileHeight, bounds.y + bounds.height - top) }
      let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1, area = 0
      forEachIn(cell, width, (index, x, y) => {
        if (labels[index] !== piece.label) return
        area++
        x0 = Math.min(x0, x)
        y0 = Math.min(y0, y)
        x1 = Math.max(x1, x)
        y1 = Math.max(y1, y)
      })
      if (area === 0) continue
      const tileBounds = { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 }
      tiles.push({ label: piece.label, bounds: tileBounds, area, thickness: Math.ceil(area / Math.max(tileBounds.width, tileBounds.height)) })
    }
  }
  return tiles
}

function grow(rect: Rect, margin: number, width: number, height: number): Rect {
  const x = Math.max(0, rect.x - margin)
  const y = Math.max(0, rect.y - margin)
  return { x, y, width: Math.min(width, rect.x + rect.width + margin) - x, height: Math.min(height, rect.y + rect.height + margin) - y }
}

function forEachIn(rect: Rect, width: number, visit: (index: number, x: number, y: number) => void): void {
  for (let y = rect.y; y < rect.y + rect.height; y++) for (let x = rect.x; x < rect.x + rect.width; x++) visit(y * width + x, x, y)
}

function cut({ width, rgba }: Image, rect: Rect): Uint8Array {
  const crop = new Uint8Array(rect.width * rect.height * 4)
  for (let y = 0; y < rect.height; y++) {
    const from = ((rect.y + y) * width + rect.x) * 4
    crop.set(rgba.subarray(from, from + rect.width * 4), y * rect.width * 4)
  }
  return crop
}
