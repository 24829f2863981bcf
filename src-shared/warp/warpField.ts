import { controlPoints, deformPoint } from './movingLeastSquares'
import type { Drag, PixelRect } from './types'

/** Grid spacing in pixels: §2.4 solves the deformation on a coarse grid and interpolates between its nodes. */
export const DEFAULT_SPACING = 16

/** Sub-steps a side of a refined cell (see WarpField.refinedCells). */
export const REFINEMENT = 4

/**
 * A backward map on a grid: the output pixel at node (i, j) samples the source at the node plus (dx, dy),
 * scaled by the region's weight there. Outside `area` nothing moves.
 */
export interface WarpField {
  /** The output pixels the field covers: the region's rectangle, or the whole layer. */
  area: PixelRect
  spacing: number
  /** Nodes per row and per column; node (i, j) sits at (area.x + i·spacing, area.y + j·spacing). */
  columns: number
  rows: number
  dx: Float64Array
  dy: Float64Array
  /**
   * The cells around each control point, solved on a finer lattice (REFINEMENT steps a side). MLS bends fastest
   * there (a control point's weight grows without bound as v nears it), faster than the coarse grid follows, and
   * there the user looks: a handle's content must land on its target, a pin must hold. Per cell, -1 or the offset
   * in `fine` of its (REFINEMENT + 1)² sub-nodes, x and y interleaved, row by row.
   */
  refinedCells: Int32Array
  fine: Float64Array
  /** Per pixel of `area`, how much it may move (0–1, see regionWeights); absent means 1 everywhere. */
  weights?: Float32Array
}

export interface FieldOptions {
  spacing?: number
  /** The weight exponent of §2: w_i = 1/|p_i − v|^(2α). */
  alpha?: number
}

/**
 * Solves the drag on the grid over `area`. Images are resampled by backward mapping (each output pixel looks up
 * where to sample), so this solves MLS the other way round, from targets to handles (q → p): at an output
 * position v it answers the source position to read. The reversed fit is exact at every pair and pin and as
 * smooth as the forward one between them; pins (p = q) hold in both directions.
 */
export function solveField(drag: Drag, area: PixelRect, weights: Float32Array | undefined, options: FieldOptions = {}): WarpField {
  const spacing = options.spacing ?? DEFAULT_SPACING
  const alpha = options.alpha ?? 1
  const columns = Math.ceil(area.width / spacing) + 1
  const rows = Math.ceil(area.height / spacing) + 1
  const dx = new Float64Array(columns * rows)
  const dy = new Float64Array(columns * rows)
  const refinedCells = new Int32Array((columns - 1) * (rows - 1)).fill(-1)
  const field: WarpField = { area, spacing, columns, rows, dx, dy, refinedCells, fine: new Float64Array(0), ...(weights ? { weights } : {}) }
  if (drag.handles.every((handle, i) => handle.x === drag.targets[i]!.x && handle.y === drag.targets[i]!.y)) return field

  const points = controlPoints([...drag.targets, ...drag.pins], [...drag.handles, ...drag.pins])
  const scratch = new Float64Array(points.fromX.length)
  const source = new Float64Array(2)
  for (let j = 0; j < rows; j++) {
    const y = area.y + j * spacing
    for (let i = 0; i < columns; i++) {
      const x = area.x + i * spacing
      deformPoint(x, y, points, drag.mode, alpha, scratch, source)
      dx[j * columns + i] = source[0]! - x
      dy[j * columns + i] = source[1]! - y
    }
  }
  field.fine = refine(field, points.fromX, points.fromY, (x, y, out) => {
    deformPoint(x, y, points, drag.mode, alpha, scratch, source)
    out[0] = source[0]! - x
    out[1] = source[1]! - y
  })
  return field
}

/**
 * Marks the 3×3 cells around each control point and solves their sub-nodes. A sub-node on an edge shared with a
 * cell that is not refined takes the coarse grid's value there, so the map stays continuous across the seam.
 */
function refine(field: WarpField, xs: Float64Array, ys: Float64Array, solve: (x: number, y: number, out: Float64Array) => void): Float64Array {
  const { area, spacing, columns, rows, dx, dy, refinedCells } = field
  const cellColumns = columns - 1
  const cellRows = rows - 1
  const isRefined = (i: number, j: number) => i >= 0 && j >= 0 && i < cellColumns && j < cellRows && refinedCells[j * cellColumns + i]! >= 0
  const side = REFINEMENT + 1
  let count = 0
  for (let k = 0; k < xs.length; k++) {
    const ci = Math.floor((xs[k]! - area.x) / spacing)
    const cj = Math.floor((ys[k]! - area.y) / spacing)
    for (let j = cj - 1; j <= cj + 1; j++) {
      for (let i = ci - 1; i <= ci + 1; i++) {
        if (i < 0 || j < 0 || i >= cellColumns || j >= cellRows || isRefined(i, j)) continue
        refinedCells[j * cellColumns + i] = 2 * side * side * count++
      }
    }
  }
  const fine = new Float64Array(2 * side * side * count)
  const exact = new Float64Array(2)
  for (let j = 0; j < cellRows; j++) {
    for (let i = 0; i < cellColumns; i++) {
      const offset = refinedCells[j * cellColumns + i]!
      if (offset < 0) continue
      const a = j * columns + i
      const b = a + 1
      const c = a + columns
      const d = c + 1
      for (let v = 0; v <= REFINEMENT; v++) {
        for (let u = 0; u <= REFINEMENT; u++) {
          const k = offset + 2 * (v * side + u)
          const seam =
            (u === 0 && !isRefined(i - 1, j)) || (u === REFINEMENT && !isRefined(i + 1, j)) || (v === 0 && !isRefined(i, j - 1)) || (v === REFINEMENT && !isRefined(i, j + 1))
          const fx = u / REFINEMENT
          const fy = v / REFINEMENT
          if (seam || ((u === 0 || u === REFINEMENT) && (v === 0 || v === REFINEMENT))) {
            fine[k] = (dx[a]! * (1 - fx) + dx[b]! * fx) * (1 - fy) + (dx[c]! * (1 - fx) + dx[d]! * fx) * fy
            fine[k + 1] = (dy[a]! * (1 - fx) + dy[b]! * fx) * (1 - fy) + (dy[c]! * (1 - fx) + dy[d]! * fx) * fy
          } else {
            solve(area.x + (i + fx) * spacing, area.y + (j + fy) * spacing, exact)
            fine[k] = exact[0]!
            fine[k + 1] = exact[1]!
          }
        }
      }
    }
  }
  return fine
}

/** The displacement (before region weights) at fraction (fx, fy) of cell (i, j): bilinear in its sub-cell or in the cell. */
export function shiftAt(field: WarpField, i: number, j: number, fx: number, fy: number, out: Float64Array): void {
  const { columns, dx, dy, refinedCells, fine } = field
  const offset = refinedCells[j * (columns - 1) + i]!
  if (offset < 0) {
    const a = j * columns + i
    const c = a + columns
    out[0] = (dx[a]! * (1 - fx) + dx[a + 1]! * fx) * (1 - fy) + (dx[c]! * (1 - fx) + dx[c + 1]! * fx) * fy
    out[1] = (dy[a]! * (1 - fx) + dy[a + 1]! * fx) * (1 - fy) + (dy[c]! * (1 - fx) + dy[c + 1]! * fx) * fy
    return
  }
  const side = REFINEMENT + 1
  const u = Math.min(Math.floor(fx * REFINEMENT), REFINEMENT - 1)
  const v = Math.min(Math.floor(fy * REFINEMENT), REFINEMENT - 1)
  const gx = fx * REFINEMENT - u
  const gy = fy * REFINEMENT - v
  const a = offset + 2 * (v * side + u)
  const c = a + 2 * side
  out[0] = (fine[a]! * (1 - gx) + fine[a + 2]! * gx) * (1 - gy) + (fine[c]! * (1 - gx) + fine[c + 2]! * gx) * gy
  out[1] = (fine[a + 1]! * (1 - gx) + fine[a + 3]! * gx) * (1 - gy) + (fine[c + 1]! * (1 - gx) + fine[c + 3]! * gx) * gy
}

/**
 * The displacement of the pixels [from, to) of one output row of the area (`y` in layer pixels; x local to the
 * area), weighted by the region: bilinear between the grid's nodes (§2.4), done as one vertical blend per node
 * and a linear ramp across each cell (refined cells interpolate their sub-nodes). Writes outX[from..to) and
 * outY[from..to); the whole row by default.
 */
export function rowDisplacement(field: WarpField, y: number, outX: Float64Array, outY: Float64Array, from = 0, to = field.area.width): void {
  const { area, spacing, columns, dx, dy, refinedCells, weights } = field
  const local = y - area.y
  const row = Math.floor(local / spacing)
  const fy = (local - row * spacing) / spacing
  const top = row * columns
  const bottom = top + columns
  const step = 1 / spacing
  const first = Math.floor(from / spacing)
  let leftX = dx[top + first]! + (dx[bottom + first]! - dx[top + first]!) * fy
  let leftY = dy[top + first]! + (dy[bottom + first]! - dy[top + first]!) * fy
  const cellRow = row * (columns - 1)
  const shift = new Float64Array(2)
  for (let column = first, x = from; x < to; column++) {
    const rightX = dx[top + column + 1]! + (dx[bottom + column + 1]! - dx[top + column + 1]!) * fy
    const rightY = dy[top + column + 1]! + (dy[bottom + column + 1]! - dy[top + column + 1]!) * fy
    const end = Math.min((column + 1) * spacing, to)
    if (refinedCells[cellRow + column]! >= 0) {
      for (; x < end; x++) {
        shiftAt(field, column, row, (x - column * spacing) * step, fy, shift)
        outX[x] = shift[0]!
        outY[x] = shift[1]!
      }
    } else {
      const slopeX = (rightX - leftX) * step
      const slopeY = (rightY - leftY) * step
      for (let t = x - column * spacing; x < end; x++, t++) {
        outX[x] = leftX + slopeX * t
        outY[x] = leftY + slopeY * t
      }
    }
    leftX = rightX
    leftY = rightY
  }
  if (!weights) return
  const offset = local * area.width
  for (let x = from; x < to; x++) {
    const w = weights[offset + x]!
    outX[x]! *= w
    outY[x]! *= w
  }
}

/**
 * The displacement at one point (x, y) of the layer, in layer pixels and not necessarily whole: what
 * rowDisplacement answers at a whole pixel, for a sampling grid other than the layer's own (a pyramid level).
 * The region's weight is that of the pixel under the point; outside the area nothing moves.
 */
export function displacementAt(field: WarpField, x: number, y: number, out: Float64Array): void {
  const { area, spacing, weights } = field
  const lx = x - area.x
  const ly = y - area.y
  if (lx < 0 || ly < 0 || lx > area.width - 1 || ly > area.height - 1) {
    out[0] = 0
    out[1] = 0
    return
  }
  const i = Math.min(Math.floor(lx / spacing), field.columns - 2)
  const j = Math.min(Math.floor(ly / spacing), field.rows - 2)
  shiftAt(field, i, j, lx / spacing - i, ly / spacing - j, out)
  if (!weights) return
  const w = weights[Math.floor(ly) * area.width + Math.floor(lx)]!
  out[0]! *= w
  out[1]! *= w
}
