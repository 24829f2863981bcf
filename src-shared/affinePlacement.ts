/**
 * Where a free-transformed layer lands, worked out by main (to size the result) and by the compute host (to
 * resample it). `matrix` [a, b, c, d, e, f] maps document coordinates before to after, as a canvas's
 * setTransform does: x' = a·x + c·y + e, y' = b·x + d·y + f. Pixel (i, j) covers [i, i+1) × [j, j+1), so a
 * pixel's value sits at its centre. The result is the smallest whole-pixel rectangle holding the transformed
 * layer, placed by its offset.
 */
export interface Placement {
  width: number
  height: number
  offsetX: number
  offsetY: number
  matrix: Matrix
}

/** A rectangle in whole document pixels. */
export interface Bounds {
  x: number
  y: number
  width: number
  height: number
}

export type Matrix = [number, number, number, number, number, number]

/** Corners within this of a whole pixel count as on it, so 90° turns and ×2 scales don't grow a column of float noise. */
const SNAP = 1e-6

/** Where the transformed layer lands: its bounding rectangle in whole document pixels. */
export function transformedBounds({ width, height, offsetX, offsetY, matrix }: Placement): Bounds {
  const [a, b, c, d, e, f] = matrix
  const corners = [
    [offsetX, offsetY],
    [offsetX + width, offsetY],
    [offsetX, offsetY + height],
    [offsetX + width, offsetY + height],
  ].map(([x, y]) => [a * x! + c * y! + e, b * x! + d * y! + f] as const)
  const snapDown = (v: number) => Math.floor(v + SNAP)
  const snapUp = (v: number) => Math.ceil(v - SNAP)
  const x = snapDown(Math.min(...corners.map(([cx]) => cx)))
  const y = snapDown(Math.min(...corners.map(([, cy]) => cy)))
  return { x, y, width: snapUp(Math.max(...corners.map(([cx]) => cx))) - x, height: snapUp(Math.max(...corners.map(([, cy]) => cy))) - y }
}
