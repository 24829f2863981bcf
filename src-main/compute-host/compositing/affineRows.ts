/** A layer scaled, rotated or sheared at full resolution, for the free transform (geometry: src-shared/affinePlacement.ts). */
import type { Bounds, Placement } from '../../../src-shared/affinePlacement'

/**
 * Resamples rows [top, bottom) of the transformed layer (rows of `bounds`, transformedBounds' rectangle) into the
 * same rows of `out`, one 32-bit word a pixel, from `source`, the layer's pixels as words: each output pixel's
 * centre is mapped back into the layer and interpolated with Keys' cubic (a = −0.5, the Catmull-Rom spline) on
 * premultiplied colour, so transparent pixels never tint their neighbours. Where the transform shrinks the layer
 * the kernel is stretched by the shrink factor along that source axis, so it averages every pixel it covers
 * instead of skipping some (aliasing). Outside the layer is transparent: `out` must start zeroed.
 */
export function affineRows(placement: Placement, source: Uint32Array, bounds: Bounds, out: Uint32Array, top: number, bottom: number): void {
  const { width, height, offsetX, offsetY, matrix } = placement
  const [a, b, c, d, e, f] = matrix
  const det = a * d - b * c
  // The inverse maps output document coordinates to input document coordinates.
  const ia = d / det
  const ib = -b / det
  const ic = -c / det
  const id = a / det
  const ie = (c * f - d * e) / det
  const iff = (b * e - a * f) / det
  // How much one output pixel spans along each source axis: the kernel widens by it when the layer shrinks.
  const spanX = Math.max(1, Math.hypot(ia, ib))
  const spanY = Math.max(1, Math.hypot(ic, id))
  const reachX = 2 * spanX
  const reachY = 2 * spanY
  const weightsX = new Float64Array(Math.ceil(2 * reachX) + 2)
  const weightsY = new Float64Array(Math.ceil(2 * reachY) + 2)

  for (let y = top; y < bottom; y++) {
    const dy = bounds.y + y + 0.5
    for (let x = 0; x < bounds.width; x++) {
      const dx = bounds.x + x + 0.5
      // The source position in the layer's pixel index space (centres at whole numbers).
      const u = ia * dx + ic * dy + ie - offsetX - 0.5
      const v = ib * dx + id * dy + iff - offsetY - 0.5
      if (u <= -reachX || v <= -reachY || u >= width - 1 + reachX || v >= height - 1 + reachY) continue
      const x0 = Math.floor(u - reachX) + 1
      const y0 = Math.floor(v - reachY) + 1
      const countX = kernelWeights(u, x0, spanX, reachX, weightsX)
      const countY = kernelWeights(v, y0, spanY, reachY, weightsY)
      let r = 0
      let g = 0
      let bl = 0
      let al = 0
      // Only the taps inside the layer: outside it is transparent.
      const firstI = Math.max(0, -x0)
      const endI = Math.min(countX, width - x0)
      for (let j = Math.max(0, -y0); j < countY && y0 + j < height; j++) {
        const wy = weightsY[j]!
        if (wy === 0) continue
        const base = Math.imul(y0 + j, width) + x0
        for (let i = firstI; i < endI; i++) {
          const p = source[base + i]!
          const alpha = p >>> 24
          if (alpha === 0) continue
          const w = wy * weightsX[i]! * alpha
          r += w * (p & 255)
          g += w * ((p >>> 8) & 255)
          bl += w * ((p >>> 16) & 255)
          al += w
        }
      }
      if (al <= 0) continue
      const alpha = byte(al)
      if (alpha === 0) continue
      out[y * bounds.width + x] = (byte(r / al) | (byte(g / al) << 8) | (byte(bl / al) << 16) | (alpha << 24)) >>> 0
    }
  }
}

/** Keys' weights for taps first, first + 1, … about `centre`, the kernel stretched by `span`, normalised to sum 1. */
function kernelWeights(centre: number, first: number, span: number, reach: number, weights: Float64Array): number {
  let count = 0
  let sum = 0
  for (let tap = first; tap < centre + reach; tap++, count++) {
    const weight = keys((tap - centre) / span)
    weights[count] = weight
    sum += weight
  }
  for (let i = 0; i < count; i++) weights[i] = weights[i]! / sum
  return count
}

/** Keys' cubic convolution kernel with a = −0.5 (Keys 1981). */
function keys(t: number): number {
  const x = Math.abs(t)
  if (x < 1) return 1.5 * x * x * x - 2.5 * x * x + 1
  if (x < 2) return -0.5 * x * x * x + 2.5 * x * x - 4 * x + 2
  return 0
}

const byte = (value: number) => (value <= 0 ? 0 : value >= 255 ? 255 : (value + 0.5) | 0)
