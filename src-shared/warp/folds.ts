import { nodeWeight, type WarpField } from './warpField'
import type { PixelRect } from './types'

/** Where each node of the grid reads the source, region weights included: x then y, row-major. */
export function mappedNodes(field: WarpField): { x: Float64Array; y: Float64Array } {
  const { area, spacing, columns, rows, dx, dy } = field
  const x = new Float64Array(columns * rows)
  const y = new Float64Array(columns * rows)
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < columns; i++) {
      const k = j * columns + i
      const w = nodeWeight(field, i, j)
      x[k] = area.x + i * spacing + w * dx[k]!
      y[k] = area.y + j * spacing + w * dy[k]!
    }
  }
  return { x, y }
}

/**
 * The grid cells whose mapped quad flips: a fold, where the image would overlap itself. A cell folds when the
 * cross product at any of its four corners is ≤ 0 (the map's Jacobian determinant is not positive there).
 * Folds of the backward map are folds of the forward one: the inverse of an orientation-preserving map keeps
 * orientation. Answers the cells in layer pixels, clipped to the area.
 */
export function foldedCells(field: WarpField): PixelRect[] {
  const { area, spacing, columns, rows } = field
  const { x, y } = mappedNodes(field)
  const folded: PixelRect[] = []
  for (let j = 0; j + 1 < rows; j++) {
    for (let i = 0; i + 1 < columns; i++) {
      const a = j * columns + i
      const corners = [a, a + 1, a + columns + 1, a + columns]
      const flips = corners.some((corner, c) => {
        const next = corners[(c + 1) % 4]!
        const previous = corners[(c + 3) % 4]!
        const cross = (x[next]! - x[corner]!) * (y[previous]! - y[corner]!) - (y[next]! - y[corner]!) * (x[previous]! - x[corner]!)
        return cross <= 0
      })
      if (!flips) continue
      const left = i * spacing
      const top = j * spacing
      folded.push({
        x: area.x + left,
        y: area.y + top,
        width: Math.min(spacing, area.width - left),
        height: Math.min(spacing, area.height - top),
      })
    }
  }
  return folded
}

/** Each cell's mapped area over its own area (shoelace formula): below 1 the output stretches the source. */
export function cellAreaRatios(field: WarpField): Float64Array {
  const { spacing, columns, rows } = field
  const { x, y } = mappedNodes(field)
  const ratios = new Float64Array((columns - 1) * (rows - 1))
  for (let j = 0; j + 1 < rows; j++) {
    for (let i = 0; i + 1 < columns; i++) {
      const a = j * columns + i
      const b = a + 1
      const c = a + columns + 1
      const d = a + columns
      const twiceArea =
        x[a]! * y[b]! - x[b]! * y[a]! + (x[b]! * y[c]! - x[c]! * y[b]!) + (x[c]! * y[d]! - x[d]! * y[c]!) + (x[d]! * y[a]! - x[a]! * y[d]!)
      ratios[j * (columns - 1) + i] = twiceArea / 2 / (spacing * spacing)
    }
  }
  return ratios
}
