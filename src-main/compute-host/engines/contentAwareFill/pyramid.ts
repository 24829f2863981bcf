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
 * A level of zeros, in shared memory: a level big enough to be searched on the thread pool (completion.ts) is then
 * read there without a copy, and a shared buffer's pages are only zeroed once touched.
 */
export function emptyLevel(width: number, height: number): Level {
  const size = width * height
  return {
    width,
    height,
    colour: new Float32Array(new SharedArrayBuffer(4 * CHANNELS * size)),
    hole: new Uint8Array(new SharedArrayBuffer(size)),
    sampleable: new Uint8Array(new SharedArrayBuffer(size)),
  }
}

/**
 * Halves a level with a 2×2 box filter. A coarse pixel is a hole if any of its fine pixels is (so every
 * known coarse pixel is made of known pixels only), and sampleable only if all of them are.
 */
export function halve(fine: Level): Level {
  const width = Math.ceil(fine.width / 2)
  const height = Math.ceil(fine.height / 2)
  const coarser = emptyLevel(width, height)
  const { colour, hole, sampleable } = coarser
  const from = fine.colour
  for (let y = 0; y < height; y++) {
    const rows = Math.min(2, fine.height - 2 * y)
    for (let x = 0; x < width; x++) {
      const columns = Math.min(2, fine.width - 2 * x)
      const coarse = y * width + x
      let known = 0
      let inHole = 0
      let allSampleable = 1
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      let u = 0
      let v = 0
      for (let fy = 0; fy < rows; fy++) {
        for (let fx = 0; fx < columns; fx++) {
          const i = (2 * y + fy) * fine.width + 2 * x + fx
          allSampleable &= fine.sampleable[i]!
          if (fine.hole[i]) {
            inHole = 1
            continue
          }
          known++
          const f = CHANNELS * i
          r += from[f]!
          g += from[f + 1]!
          b += from[f + 2]!
          a += from[f + 3]!
          u += from[f + 4]!
          v += from[f + 5]!
        }
      }
      hole[coarse] = inHole
      sampleable[coarse] = allSampleable
      if (known === 0) continue
      const c = CHANNELS * coarse
      colour[c] = r / known
      colour[c + 1] = g / known
      colour[c + 2] = b / known
      colour[c + 3] = a / known
      colour[c + 4] = u / known
      colour[c + 5] = v / known
    }
  }
  return coarser
}
