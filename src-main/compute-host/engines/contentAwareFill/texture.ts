/**
 * Texture features (Newson et al. 2014, §4.1): at each pixel the mean absolute horizontal and vertical luma
 * gradient over a small window. Compared alongside colour in the patch distance, they tell a textured patch from a
 * smooth one of the same mean colour — without them the search settles on the photo's flattest patches, whose
 * colours a blurred estimate of the hole matches best. Hole pixels get theirs by voting, like colours.
 */
import { CHANNELS, TEXTURE, type Level } from './pyramid'

/** Half the side of the averaging window, in finest-level pixels (Newson et al. take about the patch size). */
const WINDOW_RADIUS = 2

/** Fills the texture channels of the known pixels, from known pixels only. */
export function computeTexture(level: Level): void {
  const { width, height, colour, hole } = level
  // Imported constants as locals: under tsx each use of an imported binding is a getter call.
  const stride = CHANNELS
  const features = TEXTURE
  const luma = new Float32Array(width * height)
  for (let i = 0; i < luma.length; i++) luma[i] = 0.299 * colour[stride * i]! + 0.587 * colour[stride * i + 1]! + 0.114 * colour[stride * i + 2]!
  // One-sided differences between known neighbours: a gradient never reaches into the hole.
  const gradient = new Float32Array(2 * width * height)
  const counted = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      if (hole[i]) continue
      counted[i] = 1
      if (x + 1 < width && !hole[i + 1]) gradient[2 * i] = Math.abs(luma[i + 1]! - luma[i]!)
      else if (x > 0 && !hole[i - 1]) gradient[2 * i] = Math.abs(luma[i]! - luma[i - 1]!)
      if (y + 1 < height && !hole[i + width]) gradient[2 * i + 1] = Math.abs(luma[i + width]! - luma[i]!)
      else if (y > 0 && !hole[i - width]) gradient[2 * i + 1] = Math.abs(luma[i]! - luma[i - width]!)
    }
  }
  const texture = new Float32Array(2 * width * height)
  boxMean(gradient, counted, width, height, texture)
  for (let i = 0; i < hole.length; i++) {
    if (hole[i]) continue
    colour[stride * i + features] = texture[2 * i]!
    colour[stride * i + features + 1] = texture[2 * i + 1]!
  }
}

/**
 * The mean of two channels over the counted pixels of each (2r+1)² window: running sums along rows, then along
 * columns of those (three floats a pixel, never a whole-image summed-area table).
 */
function boxMean(values: Float32Array, counted: Uint8Array, width: number, height: number, out: Float32Array): void {
  const r = WINDOW_RADIUS
  const rows = new Float32Array(3 * width * height)
  for (let y = 0; y < height; y++) {
    let gx = 0
    let gy = 0
    let n = 0
    // The window of x covers x − r … x + r: add the pixel entering at x + r, drop the one leaving at x − r − 1.
    for (let x = -r; x < width; x++) {
      const enter = x + r
      if (enter < width) {
        const i = y * width + enter
        gx += values[2 * i]!
        gy += values[2 * i + 1]!
        n += counted[i]!
      }
      const leave = x - r - 1
      if (leave >= 0) {
        const i = y * width + leave
        gx -= values[2 * i]!
        gy -= values[2 * i + 1]!
        n -= counted[i]!
      }
      if (x < 0) continue
      const o = 3 * (y * width + x)
      rows[o] = gx
      rows[o + 1] = gy
      rows[o + 2] = n
    }
  }
  const gx = new Float32Array(width)
  const gy = new Float32Array(width)
  const n = new Float32Array(width)
  for (let y = -r; y < height; y++) {
    const enter = y + r
    const leave = y - r - 1
    for (let x = 0; x < width; x++) {
      if (enter < height) {
        const o = 3 * (enter * width + x)
        gx[x] += rows[o]!
        gy[x] += rows[o + 1]!
        n[x] += rows[o + 2]!
      }
      if (leave >= 0) {
        const o = 3 * (leave * width + x)
        gx[x] -= rows[o]!
        gy[x] -= rows[o + 1]!
        n[x] -= rows[o + 2]!
      }
      if (y < 0) continue
      const i = y * width + x
      out[2 * i] = n[x]! > 0 ? gx[x]! / n[x]! : 0
      out[2 * i + 1] = n[x]! > 0 ? gy[x]! / n[x]! : 0
    }
  }
}
