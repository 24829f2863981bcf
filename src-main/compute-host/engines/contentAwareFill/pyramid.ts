/**
 * The image pyramid of multi-scale completion (Wexler, Shechtman & Irani 2007, §3.3): the hole is filled
 * coarsest first, where a 7×7 patch spans whole structures, and each finer level starts from the coarser answer.
 */

/** Floats a pixel in Level.colour: R, G, B, A, horizontal and vertical texture. */
export const CHANNELS = 6
export const TEXTURE = 4

/** One scale of the working region. */
export interface Level {
  width: number
  height: number
  /**
   * CHANNELS floats a pixel: RGBA 0–255, then the two texture features (texture.ts), side by side so a patch
   * distance reads one run of memory a row. Hole pixels hold the current estimate.
   */
  colour: Float32Array
  /** 1 where the fill must invent the pixel. */
  hole: Uint8Array
  /** 1 where a patch may be copied from: known and inside the sampling area. */
  sampleable: Uint8Array
}

/**
 * Halves a level with a 2×2 box filter. A coarse pixel is a hole if any of its fine pixels is (so every
 * known coarse pixel is made of known pixels only), and sampleable only if all of them are.
 */
export function halve(fine: Level): Level {
  const width = Math.ceil(fine.width / 2)
  const height = Math.ceil(fine.height / 2)
  const colour = new Float32Array(width * height * CHANNELS)
  const sum = new Float32Array(CHANNELS)
  const hole = new Uint8Array(width * height)
  const sampleable = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const coarse = y * width + x
      let known = 0
      let inHole = 0
      let allSampleable = 1
      sum.fill(0)
      for (let fy = 2 * y; fy < Math.min(2 * y + 2, fine.height); fy++) {
        for (let fx = 2 * x; fx < Math.min(2 * x + 2, fine.width); fx++) {
          const i = fy * fine.width + fx
          allSampleable &= fine.sampleable[i]!
          if (fine.hole[i]) {
            inHole = 1
            continue
          }
          known++
          for (let c = 0; c < CHANNELS; c++) sum[c] += fine.colour[CHANNELS * i + c]!
        }
      }
      hole[coarse] = inHole
      sampleable[coarse] = allSampleable
      if (known === 0) continue
      for (let c = 0; c < CHANNELS; c++) colour[CHANNELS * coarse + c] = sum[c]! / known
    }
  }
  return { width, height, colour, hole, sampleable }
}
