import { controlPoints, deformPoint } from './movingLeastSquares'
import type { Drag, PixelRect } from './types'

/** Grid spacing in pixels: §2.4 solves the deformation on a coarse grid and interpolates between its nodes. */
export const DEFAULT_SPACING = 16

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
  const field: WarpField = { area, spacing, columns, rows, dx, dy, ...(weights ? { weights } : {}) }
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
  return field
}

/**
 * The displacement of every pixel of one output row of the area (`y` in layer pixels), weighted by the region:
 * bilinear between the grid's nodes (§2.4), done as one vertical blend per node and a linear ramp across each
 * cell. Writes `area.width` values into `outX` and `outY`.
 */
export function rowDisplacement(field: WarpField, y: number, outX: Float64Array, outY: Float64Array): void {
  const { area, spacing, columns, dx, dy, weights } = field
  const local = y - area.y
  const row = Math.floor(local / spacing)
  const fy = (local - row * spacing) / spacing
  const top = row * columns
  const bottom = top + columns
  const step = 1 / spacing
  let leftX = dx[top]! + (dx[bottom]! - dx[top]!) * fy
  let leftY = dy[top]! + (dy[bottom]! - dy[top]!) * fy
  for (let column = 0, x = 0; x < area.width; column++) {
    const rightX = dx[top + column + 1]! + (dx[bottom + column + 1]! - dx[top + column + 1]!) * fy
    const rightY = dy[top + column + 1]! + (dy[bottom + column + 1]! - dy[top + column + 1]!) * fy
    const slopeX = (rightX - leftX) * step
    const slopeY = (rightY - leftY) * step
    const end = Math.min(x + spacing, area.width)
    for (let t = 0; x < end; x++, t++) {
      outX[x] = leftX + slopeX * t
      outY[x] = leftY + slopeY * t
    }
    leftX = rightX
    leftY = rightY
  }
  if (!weights) return
  const offset = local * area.width
  for (let x = 0; x < area.width; x++) {
    const w = weights[offset + x]!
    outX[x]! *= w
    outY[x]! *= w
  }
}

/** The region's weight at node (i, j): the pixel under it, or the nearest pixel of the area for the last nodes. */
export function nodeWeight(field: WarpField, i: number, j: number): number {
  const { weights, area, spacing } = field
  if (!weights) return 1
  const x = Math.min(i * spacing, area.width - 1)
  const y = Math.min(j * spacing, area.height - 1)
  return weights[y * area.width + x]!
}
