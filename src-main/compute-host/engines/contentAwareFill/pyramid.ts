/**
 * The image pyramid of multi-scale completion (Wexler, Shechtman & Irani 2007, §3.3): the hole is filled
 * coarsest first, where a 7×7 patch spans whole structures, and each finer level starts from the coarser answer.
 */

/** One scale of the working region. */
export interface Level {
  width: number
  height: number
  /** RGBA as floats 0–255; hole pixels hold the current estimate. */
  colour: Float32Array
  /** Two texture features a pixel (texture.ts); hole pixels hold the current estimate. */
  texture: Float32Array
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
  const colour = new Float32Array(width * height * 4)
  const texture = new Float32Array(width * height * 2)
  const hole = new Uint8Array(width * height)
  const sampleable = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const coarse = y * width + x
      let known = 0
      let inHole = 0
      let allSampleable = 1
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      let tx = 0
      let ty = 0
      for (let fy = 2 * y; fy < Math.min(2 * y + 2, fine.height); fy++) {
        for (let fx = 2 * x; fx < Math.min(2 * x + 2, fine.width); fx++) {
          const i = fy * fine.width + fx
          allSampleable &= fine.sampleable[i]!
          if (fine.hole[i]) {
            inHole = 1
            continue
          }
          known++
          r += fine.colour[4 * i]!
          g += fine.colour[4 * i + 1]!
          b += fine.colour[4 * i + 2]!
          a += fine.colour[4 * i + 3]!
          tx += fine.texture[2 * i]!
          ty += fine.texture[2 * i + 1]!
        }
      }
      hole[coarse] = inHole
      sampleable[coarse] = allSampleable
      if (known === 0) continue
      colour[4 * coarse] = r / known
      colour[4 * coarse + 1] = g / known
      colour[4 * coarse + 2] = b / known
      colour[4 * coarse + 3] = a / known
      texture[2 * coarse] = tx / known
      texture[2 * coarse + 1] = ty / known
    }
  }
  return { width, height, colour, texture, hole, sampleable }
}
