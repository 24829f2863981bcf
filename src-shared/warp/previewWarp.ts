import { displacementAt, type WarpField } from './warpField'

/** Red and blue (or green and alpha, after a shift by 8) of a little-endian RGBA word, with room to blend. */
const PAIR = 0x00ff00ff
/** Half of 256 in both channels of a pair: rounds the blend to nearest. */
const HALF = 0x00800080

/**
 * The warped image on the CPU, for a preview where the browser has no WebGL: bilinear resampling of `source`
 * (straight RGBA, `width`×`height`, the layer at `scale` of its size: a pyramid level) through the field, which is
 * in layer pixels, solved as the compute host solves it. Each output pixel's centre is taken to the layer, moved
 * there, and brought back. Each pixel is one 32-bit word, and two channels are blended at once with 8-bit weights
 * (1/256 of a pixel: finer than a screen shows). Pixels the field leaves in place are copied unchanged.
 */
export function previewWarp(
  source: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  field: WarpField,
  out: Uint8Array | Uint8ClampedArray,
  scale = 1,
): void {
  out.set(source)
  const from = new Uint32Array(source.buffer, source.byteOffset, width * height)
  const to = new Uint32Array(out.buffer, out.byteOffset, width * height)
  const shift = new Float64Array(2)
  const maxX = width - 1
  const maxY = height - 1
  const lastX0 = Math.max(maxX - 1, 0)
  const lastY0 = Math.max(maxY - 1, 0)
  const stepX = maxX > 0 ? 1 : 0
  const stepY = maxY > 0 ? width : 0
  const { area } = field
  // The output pixels whose centres fall in the area: no others move.
  const top = Math.max(0, Math.ceil((area.y + 0.5) * scale - 0.5))
  const bottom = Math.min(height, Math.floor((area.y + area.height - 0.5) * scale - 0.5) + 1)
  const left = Math.max(0, Math.ceil((area.x + 0.5) * scale - 0.5))
  const right = Math.min(width, Math.floor((area.x + area.width - 0.5) * scale - 0.5) + 1)
  for (let y = top; y < bottom; y++) {
    const layerY = (y + 0.5) / scale - 0.5
    for (let x = left, o = y * width + left; x < right; x++, o++) {
      displacementAt(field, (x + 0.5) / scale - 0.5, layerY, shift)
      const ox = shift[0]! * scale
      const oy = shift[1]! * scale
      if (ox === 0 && oy === 0) continue
      let sx = x + ox
      let sy = y + oy
      sx = sx < 0 ? 0 : sx > maxX ? maxX : sx
      sy = sy < 0 ? 0 : sy > maxY ? maxY : sy
      const x0 = sx >= lastX0 ? lastX0 : sx | 0
      const y0 = sy >= lastY0 ? lastY0 : sy | 0
      const wx = ((sx - x0) * 256 + 0.5) | 0
      const wy = ((sy - y0) * 256 + 0.5) | 0
      const vx = 256 - wx
      const vy = 256 - wy
      const i = y0 * width + x0
      const a = from[i]!
      const b = from[i + stepX]!
      const c = from[i + stepY]!
      const d = from[i + stepY + stepX]!
      const topRB = (((a & PAIR) * vx + (b & PAIR) * wx + HALF) >>> 8) & PAIR
      const topGA = ((((a >>> 8) & PAIR) * vx + ((b >>> 8) & PAIR) * wx + HALF) >>> 8) & PAIR
      const bottomRB = (((c & PAIR) * vx + (d & PAIR) * wx + HALF) >>> 8) & PAIR
      const bottomGA = ((((c >>> 8) & PAIR) * vx + ((d >>> 8) & PAIR) * wx + HALF) >>> 8) & PAIR
      to[o] = (((topRB * vy + bottomRB * wy + HALF) >>> 8) & PAIR) | ((((topGA * vy + bottomGA * wy + HALF) >>> 8) & PAIR) << 8)
    }
  }
}
