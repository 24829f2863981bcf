/** Binary masks as one byte per pixel (non-zero = set), row-major. */

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** The smallest rectangle holding every set pixel, or undefined when none is set. */
export function maskBounds(mask: Uint8Array, width: number, height: number): Rect | undefined {
  let x0 = width
  let y0 = height
  let x1 = -1
  let y1 = -1
  for (let y = 0; y < height; y++) {
    const row = y * width
    for (let x = 0; x < width; x++) {
      if (!mask[row + x]) continue
      if (x < x0) x0 = x
      if (x > x1) x1 = x
      if (y < y0) y0 = y
      y1 = y
    }
  }
  return x1 < 0 ? undefined : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 }
}

/** A one-byte mask (≥ 128 = set) as 1/0, grown by `grow` pixels: e.g. the hole every removal engine fills. */
export function binaryMask(mask: Uint8Array, width: number, height: number, grow = 0): Uint8Array {
  const set = new Uint8Array(mask.length)
  for (let i = 0; i < mask.length; i++) set[i] = mask[i]! >= 128 ? 1 : 0
  return growMask(set, width, height, Math.max(0, Math.round(grow)))
}

/** Grows a mask by `radius` pixels, round rather than square. */
export function growMask(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  if (radius <= 0) return mask.slice()
  const distance = distanceFromMask(mask, width, height)
  const grown = new Uint8Array(distance.length)
  for (let i = 0; i < grown.length; i++) grown[i] = distance[i]! <= radius ? 1 : 0
  return grown
}

/**
 * Each pixel's distance in pixels to the nearest set pixel (0 on it): a 3-4 chamfer distance transform
 * (Borgefors 1986), two raster passes whatever the distances.
 */
export function distanceFromMask(mask: Uint8Array, width: number, height: number): Float32Array {
  const d = new Int32Array(width * height)
  for (let i = 0; i < d.length; i++) d[i] = mask[i] ? 0 : 0x3fffffff
  // Forward pass: left, up-left, up, up-right. Backward pass: the mirror image. A set pixel stays 0: skipped.
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      let best = d[i]!
      if (best === 0) continue
      if (x > 0 && d[i - 1]! + 3 < best) best = d[i - 1]! + 3
      if (y > 0) {
        const up = i - width
        if (d[up]! + 3 < best) best = d[up]! + 3
        if (x > 0 && d[up - 1]! + 4 < best) best = d[up - 1]! + 4
        if (x < width - 1 && d[up + 1]! + 4 < best) best = d[up + 1]! + 4
      }
      d[i] = best
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1, i = y * width + x; x >= 0; x--, i--) {
      let best = d[i]!
      if (best === 0) continue
      if (x < width - 1 && d[i + 1]! + 3 < best) best = d[i + 1]! + 3
      if (y < height - 1) {
        const down = i + width
        if (d[down]! + 3 < best) best = d[down]! + 3
        if (x < width - 1 && d[down + 1]! + 4 < best) best = d[down + 1]! + 4
        if (x > 0 && d[down - 1]! + 4 < best) best = d[down - 1]! + 4
      }
      d[i] = best
    }
  }
  const distance = new Float32Array(d.length)
  for (let i = 0; i < d.length; i++) distance[i] = d[i]! / 3
  return distance
}

/** Every pixel within `radius` (square window) of a set pixel: the centres of patches that overlap the mask. */
export function dilateSquare(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const rows = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) dilateRow(mask, rows, y * width, width, radius)
  // Down the columns a row at a time, each column counting the rows since its last set pixel: memory is read in order.
  const out = new Uint8Array(width * height)
  const since = new Int32Array(width)
  since.fill(radius + 1)
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      since[x] = rows[i] ? 0 : since[x]! + 1
      if (since[x]! <= radius) out[i] = 1
    }
  }
  since.fill(radius + 1)
  for (let y = height - 1; y >= 0; y--) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      since[x] = rows[i] ? 0 : since[x]! + 1
      if (since[x]! <= radius) out[i] = 1
    }
  }
  return out
}

/** One row of a separable dilation: `count` pixels from `start`. */
function dilateRow(from: Uint8Array, to: Uint8Array, start: number, count: number, radius: number): void {
  let sinceSet = radius + 1
  for (let i = start; i < start + count; i++) {
    sinceSet = from[i] ? 0 : sinceSet + 1
    if (sinceSet <= radius) to[i] = 1
  }
  sinceSet = radius + 1
  for (let i = start + count - 1; i >= start; i--) {
    sinceSet = from[i] ? 0 : sinceSet + 1
    if (sinceSet <= radius) to[i] = 1
  }
}

/**
 * Centres of the (2·radius+1)² patches that lie inside the image and wholly on `allowed` pixels: the
 * patches a fill may copy from. A summed-area table makes it one pass whatever the radius.
 */
export function patchCentresWithin(allowed: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const stride = width + 1
  const sums = new Int32Array(stride * (height + 1))
  for (let y = 0; y < height; y++) {
    let row = 0
    for (let x = 0; x < width; x++) {
      row += allowed[y * width + x] ? 1 : 0
      sums[(y + 1) * stride + x + 1] = sums[y * stride + x + 1]! + row
    }
  }
  const side = 2 * radius + 1
  const full = side * side
  const centres = new Uint8Array(width * height)
  for (let y = radius; y < height - radius; y++) {
    for (let x = radius; x < width - radius; x++) {
      const top = (y - radius) * stride
      const bottom = (y + radius + 1) * stride
      const count = sums[bottom + x + radius + 1]! - sums[bottom + x - radius]! - sums[top + x + radius + 1]! + sums[top + x - radius]!
      if (count === full) centres[y * width + x] = 1
    }
  }
  return centres
}
