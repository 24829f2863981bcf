import type { Coverage } from './coverage'

/**
 * The selection's edge as line segments [x1, y1, x2, y2, …] in document pixels: the pixel borders between a
 * selected pixel (alpha ≥ 128) and one that is not, or the document's edge; runs along a row or a column are
 * merged into one segment, so a rectangle is four.
 */
export function selectionOutline({ width, height, alpha }: Coverage): Float32Array {
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < width && y < height && alpha[y * width + x]! >= 128
  const segments: number[] = []
  // Horizontal borders: above row y.
  for (let y = 0; y <= height; y++) {
    let start = -1
    for (let x = 0; x <= width; x++) {
      const border = x < width && inside(x, y - 1) !== inside(x, y)
      if (border && start < 0) start = x
      if (!border && start >= 0) {
        segments.push(start, y, x, y)
        start = -1
      }
    }
  }
  // Vertical borders: left of column x.
  for (let x = 0; x <= width; x++) {
    let start = -1
    for (let y = 0; y <= height; y++) {
      const border = y < height && inside(x - 1, y) !== inside(x, y)
      if (border && start < 0) start = y
      if (!border && start >= 0) {
        segments.push(x, start, x, y)
        start = -1
      }
    }
  }
  return Float32Array.from(segments)
}
