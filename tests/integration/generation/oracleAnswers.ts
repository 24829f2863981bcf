/**
 * The oracle packs' closed-form answers, computed here independently of the pipelines: token ids from the
 * oracle vocabulary by hand, targets from the oracle tables, pixels from the oracle VAE.
 */
import { gaussianNoise } from '../../../src-main/compute-host/inference/pipelines/noise'
import {
  LATENT_CHANNELS,
  SD_LATENT_CHANNELS,
  SD_TOKENS,
  sdTargetWeight,
  sdxlPooledWeight,
  sdxlTextTable2,
  sdxlTimeWeight,
  TEXT_FEATURES,
  TEXT_TABLE_ROWS,
  targetWeight,
  textTable,
  tokenizerVocab,
} from '../../fixtures/oracle'

const id = (token: string) => tokenizerVocab[token] ?? tokenizerVocab['[UNK]']!

/** Z-Image's template around the prompt's words (CJK split per character), as oracle ids. */
export function zImageIds(words: string[]): number[] {
  return [id('<|im_start|>'), id('user'), ...words.map(id), id('<|im_end|>'), id('<|im_start|>'), id('assistant')]
}

/** CLIP's 77: BOS, words, EOS, EOS padding. */
export function clipIds(words: string[]): number[] {
  const ids = [49406, ...words.map(id), 49407]
  return [...ids, ...Array(SD_TOKENS - ids.length).fill(49407)]
}

/** The token mean of an oracle encoder's features. */
const tokenMean = (ids: number[], table = textTable) =>
  Array.from({ length: TEXT_FEATURES }, (_, f) => ids.reduce((sum, i) => sum + table(i % TEXT_TABLE_ROWS, f), 0) / ids.length)

/** x0 per channel: the token mean of the oracle features times W. */
function target(ids: number[], channels: number, weight: (f: number, c: number) => number): number[] {
  const mean = tokenMean(ids)
  return Array.from({ length: channels }, (_, c) => mean.reduce((sum, m, f) => sum + m * weight(f, c), 0))
}

/**
 * The SDXL oracle's x0 per channel for a prompt at a working size: encoder 1's token mean times W's first rows,
 * encoder 2's times the next rows, encoder 2's pooled mean times P, time ids (h, w, 0, 0, h, w) times T.
 * `words` undefined is the zeroed empty negative prompt: only the time ids remain.
 */
export function sdxlTarget(words: string[] | undefined, width: number, height: number): number[] {
  const zeros = Array<number>(TEXT_FEATURES).fill(0)
  const [first, second] = words ? [tokenMean(clipIds(words)), tokenMean(clipIds(words), sdxlTextTable2)] : [zeros, zeros]
  const timeIds = [height, width, 0, 0, height, width]
  return Array.from({ length: SD_LATENT_CHANNELS }, (_, c) => {
    let x0 = 0
    for (let f = 0; f < TEXT_FEATURES; f++) x0 += first[f]! * sdTargetWeight(f, c) + second[f]! * sdTargetWeight(TEXT_FEATURES + f, c) + second[f]! * sdxlPooledWeight(f, c)
    return timeIds.reduce((sum, t, k) => sum + t * sdxlTimeWeight(k, c), x0)
  })
}

export const zImageTarget = (words: string[]) => target(zImageIds(words), LATENT_CHANNELS, targetWeight)
export const sdTarget = (words: string[]) => target(clipIds(words), SD_LATENT_CHANNELS, sdTargetWeight)

/** The oracle decoder shows latent channels 0–2 as colour after the family's de-normalisation. */
export function decodedColour(latent: number[], scale: number, shift: number): number[] {
  return [0, 1, 2].map((c) => Math.round(Math.min(1, Math.max(0, (latent[c]! / scale + shift + 1) / 2)) * 255))
}

/** The oracle encoder pools colour c mod 3 into channel c, then the family's normalisation. */
export function encodedLatent(rgb: number[], channels: number, scale: number, shift: number): number[] {
  return Array.from({ length: channels }, (_, c) => ((rgb[c % 3]! / 255) * 2 - 1 - shift) * scale)
}

/** Z-Image's shifted flow-matching sigmas, written out again from model-packs.md. */
export function sigmas(steps: number, shift: number): number[] {
  const s = Array.from({ length: steps }, (_, i) => (steps === 1 ? 1 : 1 + ((1 / steps - 1) * i) / (steps - 1)))
  return [...s.map((v) => (shift * v) / (1 + (shift - 1) * v)), 0]
}

/** One latent element through Euler steps `from..N−1` under the Gaussian oracle (mean μ, spread s), in float64. */
export function gaussianEuler(x: number, mu: number, spread: number, sigma: number[], from: number): number {
  for (let i = from; i < sigma.length - 1; i++) {
    const [sg, t] = [sigma[i]!, 1 - sigma[i]!]
    const a = (t * spread ** 2) / (t * t * spread ** 2 + sg * sg)
    const posterior = mu + a * (x - t * mu)
    x += (sigma[i + 1]! - sg) * ((x - posterior) / sg)
  }
  return x
}

/**
 * The Gaussian oracle's text-to-image at its working size (no resampling), 8 Z-Image steps: each latent element's
 * noise carried by the flow to μ + s·n, decoded by the oracle VAE as 8×8 blocks. Straight RGBA.
 */
export function gaussianImage(words: string[], seed: number, width: number, height: number, spread: number): Uint8Array {
  const [w, h] = [width / 8, height / 8]
  const mu = zImageTarget(words)
  const noise = gaussianNoise(seed, LATENT_CHANNELS * w * h)
  const sigma = sigmas(8, 3)
  const blocks = Array.from({ length: w * h }, (_, block) =>
    decodedColour([0, 1, 2].map((c) => gaussianEuler(noise[c * w * h + block]!, mu[c]!, spread, sigma, 0)), 0.3611, 0.1159),
  )
  const rgba = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgba.set([...blocks[Math.floor(y / 8) * w + Math.floor(x / 8)]!, 255], (y * width + x) * 4)
  return rgba
}

/** The largest channel difference between two images (float32 sampling against the float64 closed form differs by rounding). */
export const largestDifference = (a: Uint8Array, b: Uint8Array) => a.reduce((most, value, i) => Math.max(most, Math.abs(value - b[i]!)), 0)
