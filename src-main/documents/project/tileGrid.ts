import type { Rect } from './types'

/** Tiles are 256×256 pixels; the last column and row are narrower where the layer does not divide evenly. */
export const TILE_SIZE = 256
export const HASH_BYTES = 32

export interface GridShape {
  width: number
  height: number
  columns: number
  rows: number
}

export function gridShape(width: number, height: number): GridShape {
  return { width, height, columns: Math.ceil(width / TILE_SIZE), rows: Math.ceil(height / TILE_SIZE) }
}

export function tileCount(shape: GridShape): number {
  return shape.columns * shape.rows
}

export function tileBounds(shape: GridShape, index: number): Rect {
  const x = (index % shape.columns) * TILE_SIZE
  const y = Math.floor(index / shape.columns) * TILE_SIZE
  return { x, y, width: Math.min(TILE_SIZE, shape.width - x), height: Math.min(TILE_SIZE, shape.height - y) }
}

/** Row-major indices of the tiles a rectangle (already inside the layer) touches. */
export function tilesOverlapping(shape: GridShape, rect: Rect): number[] {
  const indices: number[] = []
  const lastRow = Math.floor((rect.y + rect.height - 1) / TILE_SIZE)
  const lastColumn = Math.floor((rect.x + rect.width - 1) / TILE_SIZE)
  for (let row = Math.floor(rect.y / TILE_SIZE); row <= lastRow; row++) {
    for (let column = Math.floor(rect.x / TILE_SIZE); column <= lastColumn; column++) {
      indices.push(row * shape.columns + column)
    }
  }
  return indices
}

/** The hash of tile `index` inside a grid blob (a view, not a copy). */
export function hashAt(grid: Buffer, index: number): Buffer {
  return grid.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES)
}

export function intersect(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x)
  const y = Math.max(a.y, b.y)
  const width = Math.min(a.x + a.width, b.x + b.width) - x
  const height = Math.min(a.y + a.height, b.y + b.height) - y
  return width > 0 && height > 0 ? { x, y, width, height } : null
}

/** Copies the part of `source` (at `sourceRect`) that falls inside `targetRect` into `target`; rects share one space. */
export function blit(source: Buffer, sourceRect: Rect, target: Buffer, targetRect: Rect): void {
  const overlap = intersect(sourceRect, targetRect)
  if (!overlap) return
  const rowBytes = overlap.width * 4
  for (let y = overlap.y; y < overlap.y + overlap.height; y++) {
    const from = ((y - sourceRect.y) * sourceRect.width + (overlap.x - sourceRect.x)) * 4
    const to = ((y - targetRect.y) * targetRect.width + (overlap.x - targetRect.x)) * 4
    source.copy(target, to, from, from + rowBytes)
  }
}
