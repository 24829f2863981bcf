import { rowDisplacement, type WarpField } from '../../../../src-shared/warp'

/**
 * Resamples output rows [top, bottom) of the field's area from `source` into `out` (both straight RGBA of the
 * layer, seen as one little-endian 32-bit word a pixel) by bicubic interpolation with Keys' kernel, a = −0.5
 * (Keys 1981, "Cubic convolution interpolation for digital image processing"; the Catmull-Rom spline). The
 * kernel interpolates (weights 0, 1, 0, 0 at a whole pixel), so a pixel that lands on a whole-pixel position
 * keeps its exact value. Taps beyond the layer's edge repeat the edge. Pixels the field leaves in place are
 * not written: `out` must start as a copy of the source. A layer with any transparency is interpolated with
 * premultiplied alpha (`opaque` false), so the colour of invisible pixels never bleeds into visible ones.
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
      const x0 = Math.floor(sx)
      const y0 = Math.floor(sy)
      const fx = sx - x0
      const fy = sy - y0
      if (fx === 0 && fy === 0 && x0 >= 0 && y0 >= 0 && x0 <= lastX && y0 <= lastY) {
        out[o] = source[y0 * width + x0]!
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
        r0 = (y0 - 1) * width
        r1 = r0 + width
        r2 = r1 + width
        r3 = r2 + width
      } else {
        r0 = clamp(y0 - 1, lastY) * width
        r1 = clamp(y0, lastY) * width
        r2 = clamp(y0 + 1, lastY) * width
        r3 = clamp(y0 + 2, lastY) * width
      }

      if (!opaque) {
        out[o] = premultipliedTaps(source, [r0, r1, r2, r3], [c0, c1, c2, c3], [ay, by, cy, dy], [ax, bx, cx, dx])
        continue
      }
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      let p: number
      let w: number
      // Row r0
      p = source[r0 + c0]!; w = ay * ax; r += w * (p & 255); g += w * ((p >>> 8) & 255); b += w * ((p >>> 16) & 255); a += w * (p >>> 24)
      p = source[r0 + c1]!; w = ay * bx; r += w * (p & 255); g += w * ((p >>> 8) & 255); b += w * ((p >>> 16) & 255); a += w * (p >>> 24)
      p = source[r0 + c2]!; w = ay * cx; r += w * (p & 255); g += w * ((p >>> 8) & 255); b += w * ((p >>> 16) & 255); a += w * (p >>> 24)
      p = source[r0 + c3]!; w = ay * dx; r += w * (p & 255); g += w * ((p >>> 8) & 255); b += w * ((p >>> 16) & 255); a += w * (p >>> 24)
      // Row r1
      p = source[r1 + c0]!; w = by * ax; r += w * (p & 255); g += w * ((p >>> 8) & 255); b += w * ((p >>> 16) & 255); a += w * (p >>> 24)
      p = source[r1 + c1]!; w = by * bx; r += w * (p & 255); g += w * ((p >>> 8) & 255); b += w * ((p >>> 16) & 255); a += w * (p >>> 24)
      p = source[r1 + c2]!; w = by * cx; r += w * (p & 255); g += w * ((p >>> 8) & 255); b += w * ((p >>> 16) & 255); a += w * (p >>> 24)
      p = source[r1 + c3]!; w = by * dx; r += w * (p & 255); g += w * ((p >>> 8) & 255); b += w * ((p >>> 16) & 255); a += w * (p >>> 24)
      // Row r2
      p = source[r2 + c0]!; w = cy * ax; r += w * (p & 255); g += w * ((p >>> 8) & 255); b += w * ((p >>> 16) & 255); a += w * (p >>> 24)
      p = source[r2 + c1]!; w = cy * bx; r += w * (p & 255); g += w * ((p >>> 8) & 255); b += w * ((p >>> 16) & 255); a += w * (p >>> 24)
      p = source[r2 + c2]!; w = cy * cx; r += w * (p & 255); g += w * ((p >>> 8) & 255); b += w * ((p >>> 16) & 255); a += w * (p >>> 24)
      p = source[r2 + c3]!; w = cy * dx; r += w * (p & 255); g += w * ((p >>> 8) & 255); b += w * ((p >>> 16) & 255); a += w * (p >>> 24)
      // Row r3
      p = source[r3 + c0]!; w = dy * ax; r += w * (p & 255); g += w * ((p >>> 8) & 255); b += w * ((p >>> 16) & 255); a += w * (p >>> 24)
      p = source[r3 + c1]!; w = dy * bx; r += w * (p & 255); g += w * ((p >>> 8) & 255); b += w * ((p >>> 16) & 255); a += w * (p >>> 24)
      p = source[r3 + c2]!; w = dy * cx; r += w * (p & 255); g += w * ((p >>> 8) & 255); b += w * ((p >>> 16) & 255); a += w * (p >>> 24)
      p = source[r3 + c3]!; w = dy * dx; r += w * (p & 255); g += w * ((p >>> 8) & 255); b += w * ((p >>> 16) & 255); a += w * (p >>> 24)

      // Rounded and clamped: the kernel's negative lobes overshoot at edges.
      r = r <= 0 ? 0 : r >= 255 ? 255 : (r + 0.5) | 0
      g = g <= 0 ? 0 : g >= 255 ? 255 : (g + 0.5) | 0
      b = b <= 0 ? 0 : b >= 255 ? 255 : (b + 0.5) | 0
      a = a <= 0 ? 0 : a >= 255 ? 255 : (a + 0.5) | 0
      out[o] = (r | (g << 8) | (b << 16) | (a << 24)) >>> 0
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
