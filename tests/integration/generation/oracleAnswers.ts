/**
 * The oracle packs' closed-form answers, computed here independently of the pipelines: token ids from the
 * oracle vocabulary by hand, targets from the oracle tables, pixels from the oracle VAE.
 */
import { gaussianNoise } from '../../../src-main/compute-host/inference/pipelines/noise'
import {
  CLIP_FINAL_NORM,
  CLIP_LAYER_STEP,
  clipVocab,
  LATENT_CHANNELS,
  lcmConditionWeight,
  SD_LATENT_CHANNELS,
  SD_TOKENS,
  SDXL_ENCODER_LAYERS,
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

export const CLIP_EOS = 49407
/** The oracle id of "!", SD 2.x's and SDXL's second tokenizer's pad token. */
export const CLIP_PAD_BANG = clipVocab['!']!

/** CLIP's 77: BOS, words, EOS, then the pad id (SD 1.x: EOS). */
export function clipIds(words: string[], pad = CLIP_EOS): number[] {
  const ids = [49406, ...words.map(id), 49407]
  return [...ids, ...Array(SD_TOKENS - ids.length).fill(pad)]
}

/** The token mean of an oracle encoder's features. */
const tokenMean = (ids: number[], table = textTable) =>
  Array.from({ length: TEXT_FEATURES }, (_, f) => ids.reduce((sum, i) => sum + table(i % TEXT_TABLE_ROWS, f), 0) / ids.length)

/** x0 per channel: the token mean of the oracle features times W. */
function target(ids: number[], channels: number, weight: (f: number, c: number) => number): number[] {
  const mean = tokenMean(ids)
  return Array.from({ length: channels }, (_, c) => mean.reduce((sum, m, f) => sum + m * weight(f, c), 0))
}

/** The conventions SDXL was read with before: `last_hidden_state` features, the end token as the second tokenizer's pad. */
export interface SdxlMisreading {
  features?: 'last_hidden_state'
  secondPad?: number
}

/**
 * The SDXL oracle's x0 per channel for a prompt at a working size: encoder 1's penultimate layer (hidden_states.11,
 * the table plus 11 layer steps) times W's first rows, encoder 2's (hidden_states.31, padded with "!") times the
 * next rows, encoder 2's pooled last_hidden_state (final norm × hidden_states.32) times P, time ids
 * (h, w, 0, 0, h, w) times T. `words` undefined is the zeroed empty negative prompt: only the time ids remain;
 * `misread` gives the answer of a pipeline that read SDXL the old way.
 */
export function sdxlTarget(words: string[] | undefined, width: number, height: number, misread: SdxlMisreading = {}): number[] {
  const layer = (ids: number[], table: typeof textTable, k: number) => tokenMean(ids, table).map((m) => m + k * CLIP_LAYER_STEP)
  const last = (ids: number[], table: typeof textTable, n: number) => layer(ids, table, n).map((v) => CLIP_FINAL_NORM * v)
  const zeros = Array<number>(TEXT_FEATURES).fill(0)
  const [ids1, ids2] = words ? [clipIds(words), clipIds(words, misread.secondPad ?? CLIP_PAD_BANG)] : [[], []]
  const { text_encoder: n1, text_encoder_2: n2 } = SDXL_ENCODER_LAYERS
  const features = misread.features === 'last_hidden_state' ? last : (ids: number[], table: typeof textTable, n: number) => layer(ids, table, n - 1)
  const first = words ? features(ids1, textTable, n1) : zeros
  const second = words ? features(ids2, sdxlTextTable2, n2) : zeros
  const pooled = words ? last(ids2, sdxlTextTable2, n2) : zeros
  const timeIds = [height, width, 0, 0, height, width]
  return Array.from({ length: SD_LATENT_CHANNELS }, (_, c) => {
    let x0 = 0
    for (let f = 0; f < TEXT_FEATURES; f++) x0 += first[f]! * sdTargetWeight(f, c) + second[f]! * sdTargetWeight(TEXT_FEATURES + f, c) + pooled[f]! * sdxlPooledWeight(f, c)
    return timeIds.reduce((sum, t, k) => sum + t * sdxlTimeWeight(k, c), x0)
  })
}

/** diffusers' get_guidance_scale_embedding of w = g − 1, written out again: sin then cos of 1000·w·10000^(−k/(half − 1)). */
export function guidanceEmbedding(guidance: number, dim: number): number[] {
  const half = dim / 2
  const angles = Array.from({ length: half }, (_, k) => (guidance - 1) * 1000 * Math.exp((-Math.log(10000) * k) / (half - 1)))
  return [...angles.map(Math.sin), ...angles.map(Math.cos)]
}

/** The LCM oracle's x0 on LCM's grid: the text's x0 plus the guidance embedding times C. */
export function lcmTarget(words: string[], guidance: number, dim: number): number[] {
  const embedding = guidanceEmbedding(guidance, dim)
  return sdTarget(words).map((x0, c) => embedding.reduce((sum, e, k) => sum + e * lcmConditionWeight(k, c), x0))
}

export const zImageTarget = (words: string[]) => target(zImageIds(words), LATENT_CHANNELS, targetWeight)
export const sdTarget = (words: string[], pad = CLIP_EOS) => target(clipIds(words, pad), SD_LATENT_CHANNELS, sdTargetWeight)

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
