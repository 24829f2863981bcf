/**
 * Scores of a fill against the original photo, inside the hole only: PSNR over RGB, SSIM (Wang et al. 2004,
 * 11×11 Gaussian window, σ = 1.5, on luma) averaged over hole pixels, and the ratio of mean gradient magnitude
 * (central differences on luma) to the original's — below 1 a fill is blurrier than the photo, above 1 noisier.
 */

export interface HoleScores {
  psnr: number
  ssim: number
  gradientRatio: number
}

export function holeScores(original: Uint8Array, filled: Uint8Array, hole: Uint8Array, width: number, height: number): HoleScores {
  const a = luma(original)
  const b = luma(filled)
  return {
    psnr: psnr(original, filled, hole),
    ssim: meanOver(ssimMap(a, b, width, height), hole),
    gradientRatio: meanOver(gradientMagnitude(b, width, height), hole) / meanOver(gradientMagnitude(a, width, height), hole),
  }
}

function psnr(original: Uint8Array, filled: Uint8Array, hole: Uint8Array): number {
  let sum = 0
  let count = 0
  for (let i = 0; i < hole.length; i++) {
    if (!hole[i]) continue
    for (let c = 0; c < 3; c++) sum += (original[4 * i + c]! - filled[4 * i + c]!) ** 2
    count += 3
  }
  return 10 * Math.log10((255 * 255) / Math.max(sum / count, 1e-10))
}

export function luma(rgba: Uint8Array): Float32Array {
  const y = new Float32Array(rgba.length / 4)
  for (let i = 0; i < y.length; i++) y[i] = 0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!
  return y
}

function meanOver(values: Float32Array, hole: Uint8Array): number {
  let sum = 0
  let count = 0
  for (let i = 0; i < hole.length; i++) if (hole[i]) (sum += values[i]!), count++
  return sum / count
}

export function gradientMagnitude(y: Float32Array, width: number, height: number): Float32Array {
  const magnitude = new Float32Array(width * height)
  for (let row = 0; row < height; row++) {
    for (let x = 0; x < width; x++) {
      const i = row * width + x
      const gx = (y[row * width + Math.min(x + 1, width - 1)]! - y[row * width + Math.max(x - 1, 0)]!) / 2
      const gy = (y[Math.min(row + 1, height - 1) * width + x]! - y[Math.max(row - 1, 0) * width + x]!) / 2
      magnitude[i] = Math.hypot(gx, gy)
    }
  }
  return magnitude
}

/** SSIM at every pixel, with the constants of Wang et al. (K1 = 0.01, K2 = 0.03, L = 255). */
function ssimMap(a: Float32Array, b: Float32Array, width: number, height: number): Float32Array {
  const blur = (values: Float32Array) => gaussianBlur(values, width, height)
  const product = (p: Float32Array, q: Float32Array) => p.map((value, i) => value * q[i]!)
  const muA = blur(a)
  const muB = blur(b)
  const aa = blur(product(a, a))
  const bb = blur(product(b, b))
  const ab = blur(product(a, b))
  const c1 = (0.01 * 255) ** 2
  const c2 = (0.03 * 255) ** 2
  return muA.map((ma, i) => {
    const mb = muB[i]!
    const varA = aa[i]! - ma * ma
    const varB = bb[i]! - mb * mb
    const cov = ab[i]! - ma * mb
    return ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (varA + varB + c2))
  })
}

const KERNEL = (() => {
  const taps = Array.from({ length: 11 }, (_, k) => Math.exp(-((k - 5) ** 2) / (2 * 1.5 * 1.5)))
  const total = taps.reduce((sum, tap) => sum + tap, 0)
  return taps.map((tap) => tap / total)
})()

function gaussianBlur(values: Float32Array, width: number, height: number): Float32Array {
  const across = new Float32Array(values.length)
  const out = new Float32Array(values.length)
  const at = (k: number, size: number) => Math.min(size - 1, Math.max(0, k))
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0
      for (let k = -5; k <= 5; k++) sum += KERNEL[k + 5]! * values[y * width + at(x + k, width)]!
      across[y * width + x] = sum
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0
      for (let k = -5; k <= 5; k++) sum += KERNEL[k + 5]! * across[at(y + k, height) * width + x]!
      out[y * width + x] = sum
    }
  }
  return out
}
