/**
 * The result goes back only inside the mask, fading in over `feather` pixels from the mask's edge inward: a
 * pixel the mask does not touch keeps its exact bytes, whatever happened to the rest (architecture.md,
 * "An edit, end to end", step 4).
 */
export function featheredPaste(original: Uint8Array, result: Uint8Array, alpha: Uint8Array, width: number, feather: number): Buffer {
  const weights = featherWeights(alpha, width, feather)
  const out = Buffer.from(original)
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!
    if (w === 0) continue
    for (let c = 0; c < 4; c++) out[i * 4 + c] = Math.round(original[i * 4 + c]! + (result[i * 4 + c]! - original[i * 4 + c]!) * w)
  }
  return out
}

/**
 * Each pixel's weight: the mask's own value times a ramp over its distance to the nearest unmasked pixel,
 * measured with a two-pass chamfer transform (Borgefors 1986, 3-4 weights: distances in thirds of a pixel).
 */
export function featherWeights(alpha: Uint8Array, width: number, feather: number): Float32Array {
  const height = alpha.length / width
  const distance = new Float32Array(alpha.length)
  for (let i = 0; i < alpha.length; i++) distance[i] = alpha[i] === 0 ? 0 : Infinity
  // Outside the region counts as masked (a neighbour off the edge is skipped): the crop's border is not the mask's edge.
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      let d = distance[i]!
      if (d === 0) continue
      if (x > 0) d = Math.min(d, distance[i - 1]! + 3)
      if (y > 0) {
        const up = i - width
        d = Math.min(d, distance[up]! + 3)
        if (x > 0) d = Math.min(d, distance[up - 1]! + 4)
        if (x < width - 1) d = Math.min(d, distance[up + 1]! + 4)
      }
      distance[i] = d
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1, i = y * width + x; x >= 0; x--, i--) {
      let d = distance[i]!
      if (d === 0) continue
      if (x < width - 1) d = Math.min(d, distance[i + 1]! + 3)
      if (y < height - 1) {
        const down = i + width
        d = Math.min(d, distance[down]! + 3)
        if (x < width - 1) d = Math.min(d, distance[down + 1]! + 4)
        if (x > 0) d = Math.min(d, distance[down - 1]! + 4)
      }
      distance[i] = d
    }
  }
  const weights = new Float32Array(alpha.length)
  for (let i = 0; i < alpha.length; i++) weights[i] = (alpha[i]! / 255) * (feather === 0 ? 1 : Math.min(1, distance[i]! / 3 / feather))
  return weights
}
