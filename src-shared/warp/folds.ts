import type { PixelRect } from './types'
import { REFINEMENT as SUBDIVISIONS, shiftAt, type WarpField } from './warpField'

/**
 * Calls `visit` with the mapped lattice of every cell of the field: where the output points of the cell read the
 * source, on a lattice of (n + 1)² points, row by row. Where the weight is the same across the cell and the cell is
 * not refined, the map is bilinear there and n = 1: the corners tell all (§2.4). In the feathered edge the weight,
 * applied per pixel, bends the map inside the cell, and a refined cell has sub-nodes: both are sampled on a finer
 * lattice (n = SUBDIVISIONS, the refinement's own steps) with the weight of the pixel under each point. The
 * preview draws these lattices as its mesh, so it shows the very map the folds are checked on.
 */
export function eachCell(field: WarpField, visit: (i: number, j: number, n: number, xs: Float64Array, ys: Float64Array) => void): void {
  const { area, spacing, columns, rows, dx, dy, weights, refinedCells } = field
  const xs = new Float64Array((SUBDIVISIONS + 1) ** 2)
  const ys = new Float64Array((SUBDIVISIONS + 1) ** 2)
  const shift = new Float64Array(2)
  const weightAt = (lx: number, ly: number) =>
    weights ? weights[Math.min(Math.floor(ly), area.height - 1) * area.width + Math.min(Math.floor(lx), area.width - 1)]! : 1
  const evenWeight = (i: number, j: number) => {
    if (!weights) return true
    const first = weightAt(i * spacing, j * spacing)
    for (let v = 0; v <= SUBDIVISIONS; v++) {
      for (let u = 0; u <= SUBDIVISIONS; u++) if (weightAt((i + u / SUBDIVISIONS) * spacing, (j + v / SUBDIVISIONS) * spacing) !== first) return false
    }
    return true
  }
  for (let j = 0; j + 1 < rows; j++) {
    for (let i = 0; i + 1 < columns; i++) {
      if (refinedCells[j * (columns - 1) + i]! < 0 && evenWeight(i, j)) {
        // The corners alone, straight from the nodes: most cells, and the check must cost little per frame.
        const w = weightAt(i * spacing, j * spacing)
        for (let v = 0, k = 0; v <= 1; v++) {
          for (let u = 0; u <= 1; u++, k++) {
            const node = (j + v) * columns + i + u
            xs[k] = area.x + (i + u) * spacing + w * dx[node]!
            ys[k] = area.y + (j + v) * spacing + w * dy[node]!
          }
        }
        visit(i, j, 1, xs, ys)
        continue
      }
      const n = SUBDIVISIONS
      for (let v = 0, k = 0; v <= n; v++) {
        for (let u = 0; u <= n; u++, k++) {
          const lx = (i + u / n) * spacing
          const ly = (j + v / n) * spacing
          const w = weightAt(lx, ly)
          shiftAt(field, i, j, u / n, v / n, shift)
          xs[k] = area.x + lx + w * shift[0]!
          ys[k] = area.y + ly + w * shift[1]!
        }
      }
      visit(i, j, n, xs, ys)
    }
  }
}

/**
 * The grid cells where the map folds the image over itself: the map's Jacobian determinant is not positive.
 * A mapped quad a-b-c-d is taken as folded when neither of its triangulations (abc + acd, abd + bcd) has both
 * triangles positively oriented: a quad merely bent concave by the feathered edge still has one (the kink of the
 * weight runs along one of its diagonals), while a flipped or self-crossing quad has none. Folds of the backward
 * map are folds of the forward one: the inverse of an orientation-preserving map keeps orientation. Answers the
 * cells in layer pixels, clipped to the area.
 */
export function foldedCells(field: WarpField): PixelRect[] {
  const { area, spacing } = field
  const folded: PixelRect[] = []
  const turn = (xs: Float64Array, ys: Float64Array, p: number, q: number, r: number) =>
    (xs[q]! - xs[p]!) * (ys[r]! - ys[p]!) - (ys[q]! - ys[p]!) * (xs[r]! - xs[p]!) > 0
  eachCell(field, (i, j, n, xs, ys) => {
    let folds = false
    for (let v = 0; v < n && !folds; v++) {
      for (let u = 0; u < n && !folds; u++) {
        const a = v * (n + 1) + u
        const b = a + 1
        const d = a + n + 1
        const c = d + 1
        folds = !(turn(xs, ys, a, b, c) && turn(xs, ys, a, c, d)) && !(turn(xs, ys, a, b, d) && turn(xs, ys, b, c, d))
      }
    }
    if (!folds) return
    const left = i * spacing
    const top = j * spacing
    folded.push({ x: area.x + left, y: area.y + top, width: Math.min(spacing, area.width - left), height: Math.min(spacing, area.height - top) })
  })
  return folded
}

/** The lattice's boundary, corner to corner, clockwise on screen: indices into a cell's (n + 1)² points. */
function boundary(n: number): Int32Array {
  const indices: number[] = []
  for (let u = 0; u < n; u++) indices.push(u)
  for (let v = 0; v < n; v++) indices.push(v * (n + 1) + n)
  for (let u = n; u > 0; u--) indices.push(n * (n + 1) + u)
  for (let v = n; v > 0; v--) indices.push(v * (n + 1))
  return Int32Array.from(indices)
}

/** Each cell's mapped area over its own area (shoelace formula over its lattice): below 1 the output stretches the source. */
export function cellAreaRatios(field: WarpField): Float64Array {
  const { spacing, columns } = field
  const ratios = new Float64Array((columns - 1) * (field.rows - 1))
  const boundaries = [boundary(1), boundary(SUBDIVISIONS)]
  eachCell(field, (i, j, n, xs, ys) => {
    const ring = boundaries[n === 1 ? 0 : 1]!
    let twiceArea = 0
    for (let k = 0; k < ring.length; k++) {
      const p = ring[k]!
      const q = ring[(k + 1) % ring.length]!
      twiceArea += xs[p]! * ys[q]! - xs[q]! * ys[p]!
    }
    ratios[j * (columns - 1) + i] = twiceArea / 2 / (spacing * spacing)
  })
  return ratios
}
