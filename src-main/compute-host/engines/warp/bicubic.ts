import { rowDisplacement, type WarpField } from '../../../../src-shared/warp'

/**
 * Resamples output rows [top, bottom) of the field's area from `source` into `out` (both straight RGBA of the
 * layer, seen as one little-endian 32-bit word a pixel) by bicubic interpolation with Keys' kernel, a = −0.5
 * (Keys 1981, "Cubic convolution interpolation for digital image processing"; the Catmull-Rom spline). The
 * kernel interpolates (weights 0, 1, 0, 0 at a whole pixel), so a pixel that lands on a whole-pixel position
 * keeps its exact value. Taps beyond the layer's edge repeat the edge. Pixels the field leaves in place are
 * not written: `out` must start as a copy of the source. A layer with any transparency is interpolated with
 * premultiplied alpha (`opaque` false), so the colour of invisible pixels never bleeds into visible ones; an
 * opaque layer stays opaque, so its alpha is not interpolated at all.
 */
export function resampleRows(
  source: Uint32Array,
  width: number,
  height: number,
  field: WarpField,
  out: Uint32Array,
  top: number,
  bottom: number,
  opaque: boolean,
): void {
  const { area } = field
  const shiftX = new Float64Array(area.width)
  const shiftY = new Float64Array(area.width)
  const lastX = width - 1
  const lastY = height - 1
  for (let y = top; y < bottom; y++) {
    rowDisplacement(field, y, shiftX, shiftY)
    let o = y * width + area.x
    for (let x = 0; x < area.width; x++, o++) {
      const ox = shiftX[x]!
      const oy = shiftY[x]!
      if (ox === 0 && oy === 0) continue
      const sx = area.x + x + ox
      const sy = y + oy
      // Whole-number indices as int32 (| 0, Math.imul): V8 reads typed arrays far faster by int32 than by double.
      const x0 = sx >= 0 ? sx | 0 : Math.floor(sx) | 0
      const y0 = sy >= 0 ? sy | 0 : Math.floor(sy) | 0
      const fx = sx - x0
      const fy = sy - y0
      if (fx === 0 && fy === 0 && x0 >= 0 && y0 >= 0 && x0 <= lastX && y0 <= lastY) {
        out[o] = source[Math.imul(y0, width) + x0]!
        continue
      }
      // Keys' weights for the four taps at offsets −1, 0, 1, 2.
      const fx2 = fx * fx
      const fx3 = fx2 * fx
      const ax = (-fx3 + 2 * fx2 - fx) / 2
      const bx = (3 * fx3 - 5 * fx2 + 2) / 2
      const cx = (-3 * fx3 + 4 * fx2 + fx) / 2
      const dx = (fx3 - fx2) / 2
      const fy2 = fy * fy
      const fy3 = fy2 * fy
      const ay = (-fy3 + 2 * fy2 - fy) / 2
      const by = (3 * fy3 - 5 * fy2 + 2) / 2
      const cy = (-3 * fy3 + 4 * fy2 + fy) / 2
      const dy = (fy3 - fy2) / 2

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
      let r0: number, r1: number, r2: number, r3: number
      if (y0 >= 1 && y0 + 2 <= lastY) {
        r0 = Math.imul(y0 - 1, width)
        r1 = r0 + width
        r2 = r1 + width
        r3 = r2 + width
      } else {
        r0 = Math.imul(clamp(y0 - 1, lastY), width)
        r1 = Math.imul(clamp(y0, lastY), width)
        r2 = Math.imul(clamp(y0 + 1, lastY), width)
        r3 = Math.imul(clamp(y0 + 2, lastY), width)
      }

      if (!opaque) {
        out[o] = premultipliedTaps(source, [r0, r1, r2, r3], [c0, c1, c2, c3], [ay, by, cy, dy], [ax, bx, cx, dx])
        continue
      }
      // Separable: each source row's four taps blended across, then the four rows down. Alpha is 255 throughout.
      let r = 0
      let g = 0
      let b = 0
      for (let j = 0; j < 4; j++) {
        const row = j === 0 ? r0 : j === 1 ? r1 : j === 2 ? r2 : r3
        const wy = j === 0 ? ay : j === 1 ? by : j === 2 ? cy : dy
        const p0 = source[row + c0]!
        const p1 = source[row + c1]!
        const p2 = source[row + c2]!
        const p3 = source[row + c3]!
        r += wy * (ax * (p0 & 255) + bx * (p1 & 255) + cx * (p2 & 255) + dx * (p3 & 255))
        g += wy * (ax * ((p0 >>> 8) & 255) + bx * ((p1 >>> 8) & 255) + cx * ((p2 >>> 8) & 255) + dx * ((p3 >>> 8) & 255))
        b += wy * (ax * ((p0 >>> 16) & 255) + bx * ((p1 >>> 16) & 255) + cx * ((p2 >>> 16) & 255) + dx * ((p3 >>> 16) & 255))
      }
      // Rounded and clamped: the kernel's negative lobes overshoot at edges.
      out[o] = (byte(r) | (byte(g) << 8) | (byte(b) << 16) | 0xff000000) >>> 0
    }
  }
}

const clamp = (value: number, last: number) => (value < 0 ? 0 : value > last ? last : value)

const byte = (value: number) => (value <= 0 ? 0 : value >= 255 ? 255 : (value + 0.5) | 0)

/** The 16 taps blended with premultiplied alpha, then divided back out: straight RGBA in, straight RGBA out. */
function premultipliedTaps(source: Uint32Array, rows: number[], columns: number[], wy: number[], wx: number[]): number {
  let r = 0
  let g = 0
  let b = 0
  let a = 0
  for (let j = 0; j < 4; j++) {
    for (let i = 0; i < 4; i++) {
      const p = source[rows[j]! + columns[i]!]!
      const w = wy[j]! * wx[i]! * (p >>> 24)
      r += w * (p & 255)
      g += w * ((p >>> 8) & 255)
      b += w * ((p >>> 16) & 255)
      a += w
    }
  }
  if (a <= 0) return 0
  return (byte(r / a) | (byte(g / a) << 8) | (byte(b / a) << 16) | (byte(a / 255) << 24)) >>> 0
}
