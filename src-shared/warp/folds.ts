import type { PixelRect } from './types'
import { REFINEMENT as SUBDIVISIONS, shiftAt, type WarpField } from './warpField'

/**
 * Where the output points of one cell read the source, on a lattice of (n + 1)² points, row by row. Where the
 * weight is the same across the cell and the cell is not refined, the map is bilinear there and n = 1: the
 * corners tell all (§2.4). In the feathered edge the weight, applied per pixel, bends the map inside the cell,
 * and a refined cell has sub-nodes: both are sampled on a finer lattice (n = SUBDIVISIONS, the refinement's own
 * steps) with the weight of the pixel under each point.
 */
function cellLattice(field: WarpField, i: number, j: number, xs: Float64Array, ys: Float64Array): number {
  const { area, spacing, columns, weights, refinedCells } = field
  const weightAt = (lx: number, ly: number) =>
    weights ? weights[Math.min(Math.floor(ly), area.height - 1) * area.width + Math.min(Math.floor(lx), area.width - 1)]! : 1
  let n = refinedCells[j * (columns - 1) + i]! >= 0 ? SUBDIVISIONS : 1
  if (weights && n === 1) {
    const first = weightAt(i * spacing, j * spacing)
    for (let v = 0; v <= SUBDIVISIONS && n === 1; v++) {
      for (let u = 0; u <= SUBDIVISIONS; u++) {
        if (weightAt((i + u / SUBDIVISIONS) * spacing, (j + v / SUBDIVISIONS) * spacing) !== first) {
          n = SUBDIVISIONS
          break
        }
      }
    }
  }
  const shift = new Float64Array(2)
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
  return n
}

/** Calls `visit` with the mapped lattice of every cell of the field. */
function eachCell(field: WarpField, visit: (i: number, j: number, n: number, xs: Float64Array, ys: Float64Array) => void): void {
  const xs = new Float64Array((SUBDIVISIONS + 1) ** 2)
  const ys = new Float64Array((SUBDIVISIONS + 1) ** 2)
  for (let j = 0; j + 1 < field.rows; j++) {
    for (let i = 0; i + 1 < field.columns; i++) visit(i, j, cellLattice(field, i, j, xs, ys), xs, ys)
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

/** Each cell's mapped area over its own area (shoelace formula over its lattice): below 1 the output stretches the source. */
export function cellAreaRatios(field: WarpField): Float64Array {
  const { spacing, columns } = field
  const ratios = new Float64Array((columns - 1) * (field.rows - 1))
  eachCell(field, (i, j, n, xs, ys) => {
    // The boundary of the lattice, corner to corner, clockwise on screen.
    let twiceArea = 0
    const boundary: number[] = []
    for (let u = 0; u < n; u++) boundary.push(u)
    for (let v = 0; v < n; v++) boundary.push(v * (n + 1) + n)
    for (let u = n; u > 0; u--) boundary.push(n * (n + 1) + u)
    for (let v = n; v > 0; v--) boundary.push(v * (n + 1))
    for (let k = 0; k < boundary.length; k++) {
      const p = boundary[k]!
      const q = boundary[(k + 1) % boundary.length]!
      twiceArea += xs[p]! * ys[q]! - xs[q]! * ys[p]!
    }
    ratios[j * (columns - 1) + i] = twiceArea / 2 / (spacing * spacing)
  })
  return ratios
}
