import { rowDisplacement, type WarpField } from '../../../../src-shared/warp'

/**
 * Read positions are rounded to 1/SUBPIXELS of a pixel and Keys' weights tabulated there as integers scaled by
 * 2^WEIGHT_BITS, as libvips (sharp's resampler) does at 1/64 pixel and 12 bits (include/vips/interpolate.h): a
 * table look-up and integer sums instead of a cubic per tap. At 1/256 pixel the position moves by at most 1/512.
 * 11 bits is the most that keeps the 16-tap sum inside int32: |Σ| ≤ 255 · 1.125 · 2^11 across (the kernel's
 * positive weights sum to at most 1.125) · 1.25 · 2^11 down < 2^31.
 */
const SUBPIXEL_BITS = 8
const SUBPIXELS = 1 << SUBPIXEL_BITS
const WEIGHT_BITS = 11

/**
 * Keys' weights (Keys 1981, "Cubic convolution interpolation for digital image processing", a = −0.5; the
 * Catmull-Rom spline) for the taps at −1, 0, 1, 2, four per sub-pixel position. Each four are rounded to sum to
 * exactly 2^WEIGHT_BITS, so flat areas stay flat; position 0 is (0, 2^WEIGHT_BITS, 0, 0).
 */
const KEYS_WEIGHTS = (() => {
  const table = new Int32Array(SUBPIXELS * 4)
  const scale = 1 << WEIGHT_BITS
  for (let step = 0; step < SUBPIXELS; step++) {
    const f = step / SUBPIXELS
    const f2 = f * f
    const f3 = f2 * f
    const weights = [(-f3 + 2 * f2 - f) / 2, (3 * f3 - 5 * f2 + 2) / 2, (-3 * f3 + 4 * f2 + f) / 2, (f3 - f2) / 2].map((w) => Math.round(w * scale))
    // The rounding's remainder goes to the nearer centre tap, the largest weight.
    weights[f < 0.5 ? 1 : 2]! += scale - weights.reduce((sum, w) => sum + w, 0)
    table.set(weights, step * 4)
  }
  return table
})()

/**
 * A resampler of `source` (straight RGBA of the layer, one little-endian 32-bit word a pixel) through the field,
 * by bicubic interpolation with Keys' kernel. Each call writes output rows [top, bottom) of `out` whole: pixels
 * the field does not move, and rows and columns outside its area, are copied. The kernel interpolates, so a pixel
 * that lands on a whole-pixel position keeps its exact value. Taps beyond the layer's edge repeat the edge. Where
 * any tap is not opaque the taps are blended with premultiplied alpha, so the colour of invisible pixels never
 * bleeds into visible ones; elsewhere alpha stays 255 and is not interpolated.
 *
 * Whether an output row may read a transparent pixel is decided per row, from which source rows the field can
 * reach (see verticalReach); a source row's opacity is found the first time a row needs it and kept in
 * `rowOpacity` (per source row: 0 not looked at yet, 1 opaque, 2 with some transparency), which the threads of
 * one job share so that each row is looked at about once. Two threads that look at the same row write the same.
 */
export function bicubicResampler(source: Uint32Array, width: number, height: number, field: WarpField, rowOpacity: Uint8Array = new Uint8Array(height)) {
  const { area } = field
  const reach = verticalReach(field)
  const opaqueRow = (row: number) => {
    if (rowOpacity[row] === 0) {
      let all = -1
      for (let i = row * width, end = i + width; i < end; i++) all &= source[i]!
      rowOpacity[row] = all >>> 24 === 255 ? 1 : 2
    }
    return rowOpacity[row] === 1
  }
  const readsOnlyOpaque = (y: number) => {
    for (let row = Math.max(0, y - reach - 1), last = Math.min(height - 1, y + reach + 2); row <= last; row++) if (!opaqueRow(row)) return false
    return true
  }
  const shiftX = new Float64Array(area.width)
  const shiftY = new Float64Array(area.width)

  return (out: Uint32Array, top: number, bottom: number): void => {
    for (let y = top; y < bottom; y++) {
      const rowStart = y * width
      if (y < area.y || y >= area.y + area.height) {
        out.set(source.subarray(rowStart, rowStart + width), rowStart)
        continue
      }
      out.set(source.subarray(rowStart, rowStart + area.x), rowStart)
      out.set(source.subarray(rowStart + area.x + area.width, rowStart + width), rowStart + area.x + area.width)
      rowDisplacement(field, y, shiftX, shiftY)
      if (readsOnlyOpaque(y)) opaqueRowTaps(source, width, height, area.x, area.width, y, shiftX, shiftY, out)
      else premultipliedRowTaps(source, width, height, area.x, area.width, y, shiftX, shiftY, out)
    }
  }
}

/**
 * How far up or down the field reads, in whole rows: the largest vertical shift of any node or sub-node. The
 * shift between nodes is a blend of theirs and the region's weight only shortens it.
 */
export function verticalReach({ dy, fine }: WarpField): number {
  let reach = 0
  for (let k = 0; k < dy.length; k++) reach = Math.max(reach, Math.abs(dy[k]!))
  for (let k = 1; k < fine.length; k += 2) reach = Math.max(reach, Math.abs(fine[k]!))
  return Math.ceil(reach)
}

/** One row of the area where every tap is opaque: separable, each source row's taps blended across, then the rows down. */
function opaqueRowTaps(
  source: Uint32Array,
  width: number,
  height: number,
  areaX: number,
  areaWidth: number,
  y: number,
  shiftX: Float64Array,
  shiftY: Float64Array,
  out: Uint32Array,
): void {
  const weights = KEYS_WEIGHTS
  const lastX = width - 1
  const lastY = height - 1
  const round = 1 << (2 * WEIGHT_BITS - 1)
  for (let x = 0, o = y * width + areaX; x < areaWidth; x++, o++) {
    // Positions in 1/SUBPIXELS of a pixel, as int32: V8 reads typed arrays far faster by int32 than by double.
    const qx = Math.floor((areaX + x + shiftX[x]!) * SUBPIXELS + 0.5) | 0
    const qy = Math.floor((y + shiftY[x]!) * SUBPIXELS + 0.5) | 0
    const x0 = qx >> SUBPIXEL_BITS
    const y0 = qy >> SUBPIXEL_BITS
    const fx = (qx & (SUBPIXELS - 1)) << 2
    const fy = (qy & (SUBPIXELS - 1)) << 2
    if (fx === 0 && fy === 0 && x0 >= 0 && y0 >= 0 && x0 <= lastX && y0 <= lastY) {
      out[o] = source[Math.imul(y0, width) + x0]!
      continue
    }
    const ax = weights[fx]!
    const bx = weights[fx + 1]!
    const cx = weights[fx + 2]!
    const dx = weights[fx + 3]!
    let c0: number, c1: number, c2: number, c3: number
    if (x0 >= 1 && x0 + 2 <= lastX) {
      c0 = x0 - 1
      c1 = x0
      c2 = x0 + 1
      c3 = x0 + 2
    } else {
      c0 = clamp(x0 - 1, lastX)
      c1 = clamp(x0, lastX)
      c2 = clamp(x0 + 1, lastX)
      c3 = clamp(x0 + 2, lastX)
    }
    let r = 0
    let g = 0
    let b = 0
    for (let j = 0; j < 4; j++) {
      const row = Math.imul(clamp(y0 - 1 + j, lastY), width)
      const wy = weights[fy + j]!
      const p0 = source[row + c0]!
      const p1 = source[row + c1]!
      const p2 = source[row + c2]!
      const p3 = source[row + c3]!
      r = (r + Math.imul(wy, Math.imul(ax, p0 & 255) + Math.imul(bx, p1 & 255) + Math.imul(cx, p2 & 255) + Math.imul(dx, p3 & 255))) | 0
      g = (g + Math.imul(wy, Math.imul(ax, (p0 >>> 8) & 255) + Math.imul(bx, (p1 >>> 8) & 255) + Math.imul(cx, (p2 >>> 8) & 255) + Math.imul(dx, (p3 >>> 8) & 255))) | 0
      b = (b + Math.imul(wy, Math.imul(ax, (p0 >>> 16) & 255) + Math.imul(bx, (p1 >>> 16) & 255) + Math.imul(cx, (p2 >>> 16) & 255) + Math.imul(dx, (p3 >>> 16) & 255))) | 0
    }
    // Rounded and clamped: the kernel's negative lobes overshoot at edges.
    r = (r + round) >> (2 * WEIGHT_BITS)
    g = (g + round) >> (2 * WEIGHT_BITS)
    b = (b + round) >> (2 * WEIGHT_BITS)
    out[o] = (r < 0 ? 0 : r > 255 ? 255 : r) | ((g < 0 ? 0 : g > 255 ? 255 : g) << 8) | ((b < 0 ? 0 : b > 255 ? 255 : b) << 16) | 0xff000000
  }
}

/** One row of the area that may read transparent pixels: the 16 taps blended with premultiplied alpha, then divided back out. */
function premultipliedRowTaps(
  source: Uint32Array,
  width: number,
  height: number,
  areaX: number,
  areaWidth: number,
  y: number,
  shiftX: Float64Array,
  shiftY: Float64Array,
  out: Uint32Array,
): void {
  const weights = KEYS_WEIGHTS
  const lastX = width - 1
  const lastY = height - 1
  for (let x = 0, o = y * width + areaX; x < areaWidth; x++, o++) {
    const qx = Math.floor((areaX + x + shiftX[x]!) * SUBPIXELS + 0.5) | 0
    const qy = Math.floor((y + shiftY[x]!) * SUBPIXELS + 0.5) | 0
    const x0 = qx >> SUBPIXEL_BITS
    const y0 = qy >> SUBPIXEL_BITS
    const fx = (qx & (SUBPIXELS - 1)) << 2
    const fy = (qy & (SUBPIXELS - 1)) << 2
    if (fx === 0 && fy === 0 && x0 >= 0 && y0 >= 0 && x0 <= lastX && y0 <= lastY) {
      out[o] = source[Math.imul(y0, width) + x0]!
      continue
    }
    let r = 0
    let g = 0
    let b = 0
    let a = 0
    for (let j = 0; j < 4; j++) {
      const row = Math.imul(clamp(y0 - 1 + j, lastY), width)
      const wy = weights[fy + j]!
      for (let i = 0; i < 4; i++) {
        const p = source[row + clamp(x0 - 1 + i, lastX)]!
        // Weight × alpha stays well inside int32 (2^22 · 255), and its products with a channel inside a double's 53 bits.
        const w = Math.imul(Math.imul(wy, weights[fx + i]!), p >>> 24)
        r += w * (p & 255)
        g += w * ((p >>> 8) & 255)
        b += w * ((p >>> 16) & 255)
        a += w
      }
    }
    if (a <= 0) {
      out[o] = 0
      continue
    }
    out[o] = (byte(r / a) | (byte(g / a) << 8) | (byte(b / a) << 16) | (byte(a / (1 << (2 * WEIGHT_BITS))) << 24)) >>> 0
  }
}

const clamp = (value: number, last: number) => (value < 0 ? 0 : value > last ? last : value)

const byte = (value: number) => (value <= 0 ? 0 : value >= 255 ? 255 : (value + 0.5) | 0)
