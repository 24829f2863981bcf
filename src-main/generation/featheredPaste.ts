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
  const distance = new Float32Array(alpha.length).map((_, i) => (alpha[i] === 0 ? 0 : Infinity))
  const relax = (i: number, x: number, y: number, dx: number, dy: number, cost: number) => {
    const [nx, ny] = [x + dx, y + dy]
    // Outside the region counts as masked: the crop's border is not the mask's edge.
    if (nx >= 0 && ny >= 0 && nx < width && ny < height) distance[i] = Math.min(distance[i]!, distance[ny * width + nx]! + cost)
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      relax(i, x, y, -1, 0, 3), relax(i, x, y, 0, -1, 3), relax(i, x, y, -1, -1, 4), relax(i, x, y, 1, -1, 4)
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x
      relax(i, x, y, 1, 0, 3), relax(i, x, y, 0, 1, 3), relax(i, x, y, 1, 1, 4), relax(i, x, y, -1, 1, 4)
    }
  }
  return distance.map((d, i) => (alpha[i]! / 255) * (feather === 0 ? 1 : Math.min(1, d / 3 / feather)))
}
