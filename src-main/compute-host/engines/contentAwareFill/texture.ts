/**
 * Texture features (Newson et al. 2014, §4.1): at each pixel the mean absolute horizontal and vertical luma
 * gradient over a small window. Compared alongside colour in the patch distance, they tell a textured patch from a
 * smooth one of the same mean colour — without them the search settles on the photo's flattest patches, whose
 * colours a blurred estimate of the hole matches best. Hole pixels get theirs by voting, like colours.
 */
import type { Rows } from './patchMatch'
import { CHANNELS, TEXTURE, type Level } from './pyramid'

/** Half the side of the averaging window, in finest-level pixels (Newson et al. take about the patch size). */
const WINDOW_RADIUS = 2

/** Fills the texture channels of the known pixels in `rows`, from known pixels only. */
export function computeTexture(level: Level, rows: Rows = { top: 0, bottom: level.height }): void {
  // Imported constants as locals: under tsx each use of an imported binding is a getter call.
  const stride = CHANNELS
  const features = TEXTURE
  // A row's features read the gradients WINDOW_RADIUS rows either side, and a gradient reads one row further: the rows
  // with that margin, taken as a level of their own, give `rows` the features the whole level would.
  const margin = WINDOW_RADIUS + 1
  const top = Math.max(0, rows.top - margin)
  const bottom = Math.min(level.height, rows.bottom + margin)
  const { width } = level
  const height = bottom - top
  const colour = level.colour.subarray(stride * top * width, stride * bottom * width)
  const hole = level.hole.subarray(top * width, bottom * width)
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
  for (let i = (rows.top - top) * width; i < (rows.bottom - top) * width; i++) {
    if (hole[i]) continue
    colour[stride * i + features] = texture[2 * i]!
    colour[stride * i + features + 1] = texture[2 * i + 1]!
  }
}

/**
 * The mean of two channels over the counted pixels of each (2r+1)² window: running sums along rows, then sums of
 * those down the columns (three floats a pixel, never a whole-image summed-area table).
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
  // Down the columns each window is summed afresh, not by a running sum: a band of rows computed on its own then adds
  // in the same order, and gives the same floats, as the whole level.
  for (let y = 0; y < height; y++) {
    const first = 3 * Math.max(0, y - r) * width
    const last = 3 * Math.min(height - 1, y + r) * width
    for (let x = 0; x < width; x++) {
      let gx = 0
      let gy = 0
      let n = 0
      for (let o = first + 3 * x; o <= last + 3 * x; o += 3 * width) {
        gx += rows[o]!
        gy += rows[o + 1]!
        n += rows[o + 2]!
      }
      const i = y * width + x
      out[2 * i] = n > 0 ? gx / n : 0
      out[2 * i + 1] = n > 0 ? gy / n : 0
    }
  }
}
