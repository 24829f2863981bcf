import type { WarpMode } from './types'

/**
 * Control points of one moving-least-squares deformation f, with f(from[i]) = to[i] (Schaefer, McPhail,
 * Warren 2006). Coordinates are kept as flat arrays: the grid solve runs this for thousands of points a frame.
 */
export interface ControlPoints {
  fromX: Float64Array
  fromY: Float64Array
  toX: Float64Array
  toY: Float64Array
}

/** A 2×2 matrix below this (relative) determinant cannot be inverted reliably: the points are collinear. */
const SINGULAR = 1e-10

/**
 * f(v) for the best `mode` transform at v, written to `out` ([x, y]). Weights are w_i = 1/|p_i − v|^(2α) (§2,
 * eq. 1), so f interpolates: at v = p_i it answers q_i exactly. Every mode is the row-vector form
 * f(v) = (v − p*) M + q* around the weighted centroids p*, q* (§2.1, eq. 4):
 * - affine (§2.1, eq. 5): M = (Σ p̂ᵢᵀ wᵢ p̂ᵢ)⁻¹ Σ wᵢ p̂ᵢᵀ q̂ᵢ;
 * - similarity (§2.2): M = [[a, b], [−b, a]] / μs with a = Σ wᵢ p̂ᵢ·q̂ᵢ, b = Σ wᵢ p̂ᵢ×q̂ᵢ, μs = Σ wᵢ |p̂ᵢ|²
 *   (the closed form of eq. 7, written as one matrix);
 * - rigid (§2.3): the same rotation with μr = √(a² + b²) (eq. 8), so M is a pure rotation and
 *   |v − p*| f⃗r/|f⃗r| + q* becomes (v − p*) M + q*.
 * Where the points give a mode too little to fit (affine from collinear points, any mode from one point) it
 * falls back to the next simpler one, down to the translation q* − p*.
 */
export function deformPoint(
  vx: number,
  vy: number,
  points: ControlPoints,
  mode: WarpMode,
  alpha: number,
  weights: Float64Array,
  out: Float64Array,
): void {
  const { fromX, fromY, toX, toY } = points
  const n = fromX.length
  let sum = 0
  let px = 0
  let py = 0
  let qx = 0
  let qy = 0
  for (let i = 0; i < n; i++) {
    const dx = fromX[i]! - vx
    const dy = fromY[i]! - vy
    const squared = dx * dx + dy * dy
    if (squared === 0) {
      out[0] = toX[i]!
      out[1] = toY[i]!
      return
    }
    const w = alpha === 1 ? 1 / squared : Math.pow(squared, -alpha)
    weights[i] = w
    sum += w
    px += w * fromX[i]!
    py += w * fromY[i]!
    qx += w * toX[i]!
    qy += w * toY[i]!
  }
  px /= sum
  py /= sum
  qx /= sum
  qy /= sum

  let sxx = 0
  let sxy = 0
  let syy = 0
  let txx = 0
  let txy = 0
  let tyx = 0
  let tyy = 0
  for (let i = 0; i < n; i++) {
    const w = weights[i]!
    const hx = fromX[i]! - px
    const hy = fromY[i]! - py
    const kx = toX[i]! - qx
    const ky = toY[i]! - qy
    sxx += w * hx * hx
    sxy += w * hx * hy
    syy += w * hy * hy
    txx += w * hx * kx
    txy += w * hx * ky
    tyx += w * hy * kx
    tyy += w * hy * ky
  }

  const ux = vx - px
  const uy = vy - py
  const scale = sxx + syy
  if (mode === 'affine') {
    const det = sxx * syy - sxy * sxy
    if (det > SINGULAR * scale * scale) {
      // M = S⁻¹ T with S = [[sxx, sxy], [sxy, syy]], T = [[txx, txy], [tyx, tyy]].
      const m11 = (syy * txx - sxy * tyx) / det
      const m12 = (syy * txy - sxy * tyy) / det
      const m21 = (sxx * tyx - sxy * txx) / det
      const m22 = (sxx * tyy - sxy * txy) / det
      out[0] = ux * m11 + uy * m21 + qx
      out[1] = ux * m12 + uy * m22 + qy
      return
    }
  }
  const a = txx + tyy
  const b = txy - tyx
  const mu = mode === 'rigid' ? Math.hypot(a, b) : scale
  if (n === 1 || !(mu > 0)) {
    out[0] = ux + qx
    out[1] = uy + qy
    return
  }
  out[0] = (ux * a - uy * b) / mu + qx
  out[1] = (ux * b + uy * a) / mu + qy
}

/** Control points mapping `from[i]` to `to[i]`. */
export function controlPoints(from: readonly { x: number; y: number }[], to: readonly { x: number; y: number }[]): ControlPoints {
  return {
    fromX: Float64Array.from(from, (p) => p.x),
    fromY: Float64Array.from(from, (p) => p.y),
    toX: Float64Array.from(to, (p) => p.x),
    toY: Float64Array.from(to, (p) => p.y),
  }
}
