/**
 * Oracle packs in each public layout, loaded by the compute host's session cache with real ONNX Runtime on
 * the CPU; every output is checked against its closed form (model-packs.md, "Oracle packs").
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import type { RunComponentInput } from '../../../src-main/compute-host/inference/inferenceTasks'
import type { TensorData } from '../../../src-main/compute-host/inference/tensors'
import {
  alphaBars,
  buildLamaPack,
  buildMiganPack,
  buildSdPack,
  buildSdxlPack,
  buildZImagePack,
  LAMA_SIZE,
  LATENT_CHANNELS,
  scratchFolder,
  SD_LATENT_CHANNELS,
  SD_TOKENS,
  sdTargetWeight,
  sdxlPooledWeight,
  sdxlTextTable2,
  CLIP_FINAL_NORM,
  CLIP_LAYER_STEP,
  sdxlTimeWeight,
  seeded,
  TEXT_FEATURES,
  TEXT_TABLE_ROWS,
  targetWeight,
  textTable,
} from '../../fixtures/oracle'

let compute: ComputeHost
let scratch: Awaited<ReturnType<typeof scratchFolder>>
const packs: Record<'zImage' | 'sd' | 'sdScalarTimestep' | 'sdxl' | 'lama' | 'migan', string> = {} as never

beforeAll(async () => {
  compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  scratch = await scratchFolder('oracle-sessions')
  packs.zImage = await buildZImagePack(join(scratch.path, 'z-image'))
  packs.sd = await buildSdPack(join(scratch.path, 'sd'))
  packs.sdScalarTimestep = await buildSdPack(join(scratch.path, 'sd-scalar'), { timestep: { type: 'float32', rank: 0 } })
  packs.sdxl = await buildSdxlPack(join(scratch.path, 'sdxl'))
  packs.lama = await buildLamaPack(join(scratch.path, 'lama'))
  packs.migan = await buildMiganPack(join(scratch.path, 'migan'))
})

afterAll(async () => {
  compute.dispose()
  await scratch.remove()
})

const f32 = (dims: number[], data: ArrayLike<number>): TensorData => ({ type: 'float32', dims, data: Float32Array.from(data) })
const i64 = (dims: number[], data: number[]): TensorData => ({ type: 'int64', dims, data: BigInt64Array.from(data.map(BigInt)) })
const random = (length: number, seed: number) => Array.from({ length }, seeded(seed))

function run(packDir: string, role: RunComponentInput['role'], feeds: Record<string, TensorData>, extra: Partial<RunComponentInput> = {}) {
  return compute.run('inference.run', { packDir, role, feeds, ...extra })
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, digits = 4): void {
  expect(actual.length).toBe(expected.length)
  const worst = Array.from(actual).reduce((max, a, i) => Math.max(max, Math.abs(a - expected[i]!)), 0)
  expect(worst).toBeLessThan(10 ** -digits)
}

/** The text features the oracle encoders produce: the table row of each id, zero where the mask is 0. */
function textFeatures(ids: number[], mask: number[]): number[] {
  return ids.flatMap((id, i) => Array.from({ length: TEXT_FEATURES }, (_, f) => textTable(id % TEXT_TABLE_ROWS, f) * mask[i]!))
}

/** x0 of the point target: the token mean of the features times W, one value per channel. */
function target(features: number[], tokens: number, channels: number, weight: (f: number, c: number) => number): number[] {
  const mean = Array.from({ length: TEXT_FEATURES }, (_, f) => features.filter((_, i) => i % TEXT_FEATURES === f).reduce((a, b) => a + b, 0) / tokens)
  return Array.from({ length: channels }, (_, c) => mean.reduce((sum, m, f) => sum + m * weight(f, c), 0))
}

/** Flow-matching sigmas with shift (model-packs.md, Z-Image scheduler): linspace(1, 1/N, N) shifted, then 0. */
function flowMatchSigmas(steps: number, shift: number): number[] {
  const s = Array.from({ length: steps }, (_, i) => 1 + ((1 / steps - 1) * i) / Math.max(1, steps - 1))
  return [...s.map((v) => (shift * v) / (1 + (shift - 1) * v)), 0]
}

describe('z-image oracle pack (webnn/Z-Image-Turbo layout)', () => {
  const ids = [1, 3, 12, 200]
  const mask = [1, 1, 1, 0]
  const [h, w] = [2, 3]

  it('text encoder: features of each id, masked, on the cpu provider', async () => {
    const result = await run(packs.zImage, 'text_encoder', { input_ids: i64([1, 4], ids), attention_mask: i64([1, 4], mask) })
    expect(result.provider).toBe('cpu')
    const out = result.outputs.encoder_hidden_state!
    expect(out.dims).toEqual([1, 4, TEXT_FEATURES])
    expectClose(out.data as Float32Array, textFeatures(ids, mask))
  })

  it('transformer (weights in an external .onnx_data file): one step returns (x0 − x)/(1 − t)', async () => {
    const features = textFeatures(ids, mask)
    const x = random(LATENT_CHANNELS * h * w, 7)
    const t = 0.25
    const result = await run(packs.zImage, 'transformer', {
      hidden_states: f32([1, LATENT_CHANNELS, 1, h, w], x),
      timestep: f32([1], [t]),
      encoder_hidden_states: f32([1, 4, TEXT_FEATURES], features),
    })
    const out = result.outputs.unified_results!
    expect(out.dims).toEqual([LATENT_CHANNELS, 1, h, w])
    const x0 = target(features, 4, LATENT_CHANNELS, targetWeight)
    expectClose(out.data as Float32Array, x.map((v, i) => (x0[Math.floor(i / (h * w))]! - v) / (1 - t)))
  })

  it('8 Euler steps with shift 3 and v = −model(x, 1 − σ) land on x0(text) from any noise', async () => {
    const features = f32([1, 4, TEXT_FEATURES], textFeatures(ids, mask))
    const x0 = target(textFeatures(ids, mask), 4, LATENT_CHANNELS, targetWeight)
    const sigmas = flowMatchSigmas(8, 3)
    for (const seed of [1, 2]) {
      let x = random(LATENT_CHANNELS * h * w, seed).map((v) => v * 4 - 2)
      for (let i = 0; i < 8; i++) {
        const { outputs } = await run(packs.zImage, 'transformer', {
          hidden_states: f32([1, LATENT_CHANNELS, 1, h, w], x),
          timestep: f32([1], [1 - sigmas[i]!]),
          encoder_hidden_states: features,
        })
        const out = outputs.unified_results!.data as Float32Array
        x = x.map((v, j) => v + (sigmas[i + 1]! - sigmas[i]!) * -out[j]!)
      }
      expectClose(x, x.map((_, j) => x0[Math.floor(j / (h * w))]!), 4)
    }
  })

  it('VAE: a block-constant image round-trips through 8×8 pooling and nearest upsampling', async () => {
    const colours = random(3 * h * w, 11)
    const image = Array.from({ length: 3 * 8 * h * 8 * w }, (_, i) => {
      const c = Math.floor(i / (64 * h * w))
      const y = Math.floor((i % (64 * h * w)) / (8 * w))
      const xx = i % (8 * w)
      return colours[c * h * w + Math.floor(y / 8) * w + Math.floor(xx / 8)]!
    })
    const encoded = await run(packs.zImage, 'vae_encoder', { sample: f32([1, 3, 8 * h, 8 * w], image) })
    const latent = encoded.outputs.latent_sample!
    expect(latent.dims).toEqual([1, LATENT_CHANNELS, h, w])
    const decoded = await run(packs.zImage, 'vae_decoder', { latent_sample: latent })
    expect(decoded.outputs.sample!.dims).toEqual([1, 3, 8 * h, 8 * w])
    expectClose(decoded.outputs.sample!.data as Float32Array, image, 5)
  })
})

describe('sd oracle pack (Optimum layout)', () => {
  const ids = Array.from({ length: SD_TOKENS }, (_, i) => (i < 5 ? 40 + i : 49407))

  it('text encoder takes int32 ids and returns last_hidden_state and pooler_output', async () => {
    const { outputs } = await run(packs.sd, 'text_encoder', { input_ids: { type: 'int32', dims: [1, SD_TOKENS], data: Int32Array.from(ids) } })
    const features = textFeatures(ids, ids.map(() => 1))
    expectClose(outputs.last_hidden_state!.data as Float32Array, features)
    expect(outputs.pooler_output!.dims).toEqual([1, TEXT_FEATURES])
  })

  it.each([
    ['int64 [B]', 'sd', (t: number) => i64([1], [t])],
    ['float scalar', 'sdScalarTimestep', (t: number) => f32([], [t])],
  ] as const)('UNet with a %s timestep predicts ε = (x_t − √ᾱ·x0)/√(1 − ᾱ)', async (_name, pack, timestep) => {
    const features = textFeatures(ids, ids.map(() => 1))
    const x = random(SD_LATENT_CHANNELS * 4, 5)
    const t = 601
    const { outputs } = await run(packs[pack], 'unet', {
      sample: f32([1, SD_LATENT_CHANNELS, 2, 2], x),
      timestep: timestep(t),
      encoder_hidden_states: f32([1, SD_TOKENS, TEXT_FEATURES], features),
    })
    const bar = alphaBars()[t]!
    const x0 = target(features, SD_TOKENS, SD_LATENT_CHANNELS, sdTargetWeight)
    expectClose(outputs.out_sample!.data as Float32Array, x.map((v, i) => (v - Math.sqrt(bar) * x0[Math.floor(i / 4)]!) / Math.sqrt(1 - bar)))
  })

  it('VAE encoder returns latent_parameters: pooled mean, then zero log-variance', async () => {
    const { outputs } = await run(packs.sd, 'vae_encoder', { sample: f32([1, 3, 8, 8], Array(192).fill(0.5)) })
    expect(outputs.latent_parameters!.dims).toEqual([1, 2 * SD_LATENT_CHANNELS, 1, 1])
    expectClose(outputs.latent_parameters!.data as Float32Array, [0.5, 0.5, 0.5, 0.5, 0, 0, 0, 0])
  })
})

describe('sdxl oracle pack (Optimum SDXL layout)', () => {
  const ids = Array.from({ length: SD_TOKENS }, (_, i) => (i < 5 ? 40 + i : 49407))

  it('second text encoder returns its own table’s features and their token mean as the pooled text_embeds', async () => {
    const { outputs } = await run(packs.sdxl, 'text_encoder_2', { input_ids: { type: 'int32', dims: [1, SD_TOKENS], data: Int32Array.from(ids) } })
    // OpenCLIP-bigG's 32 layers each add CLIP_LAYER_STEP; the final norm scales the last (sd.ts).
    const layer = (k: number) => ids.flatMap((id) => Array.from({ length: TEXT_FEATURES }, (_, f) => sdxlTextTable2(id % TEXT_TABLE_ROWS, f) + k * CLIP_LAYER_STEP))
    const features = layer(32).map((v) => v * CLIP_FINAL_NORM)
    expectClose(outputs.last_hidden_state!.data as Float32Array, features)
    expectClose(outputs['hidden_states.31']!.data as Float32Array, layer(31))
    expectClose(outputs.text_embeds!.data as Float32Array, target(features, SD_TOKENS, TEXT_FEATURES, (f, c) => (f === c ? 1 : 0)))
  })

  it('UNet reads both encoders’ features side by side, text_embeds and time_ids, and predicts ε = (x_t − √ᾱ·x0)/√(1 − ᾱ)', async () => {
    const width = 2 * TEXT_FEATURES
    const features = random(SD_TOKENS * width, 4)
    const x = random(SD_LATENT_CHANNELS * 4, 9)
    const [t, pooled, timeIds] = [250, Array.from({ length: TEXT_FEATURES }, (_, f) => 0.25 - f / 20), [1024, 768, 0, 0, 1024, 768]]
    const { outputs } = await run(packs.sdxl, 'unet', {
      sample: f32([1, SD_LATENT_CHANNELS, 2, 2], x),
      timestep: i64([1], [t]),
      encoder_hidden_states: f32([1, SD_TOKENS, width], features),
      text_embeds: f32([1, TEXT_FEATURES], pooled),
      time_ids: f32([1, 6], timeIds),
    })
    const bar = alphaBars()[t]!
    const mean = Array.from({ length: width }, (_, f) => features.filter((_, i) => i % width === f).reduce((a, b) => a + b, 0) / SD_TOKENS)
    const x0 = Array.from({ length: SD_LATENT_CHANNELS }, (_, c) =>
      mean.reduce((sum, m, f) => sum + m * sdTargetWeight(f, c), 0) +
      pooled.reduce((sum, p, f) => sum + p * sdxlPooledWeight(f, c), 0) +
      timeIds.reduce((sum, v, k) => sum + v * sdxlTimeWeight(k, c), 0),
    )
    expectClose(outputs.out_sample!.data as Float32Array, x.map((v, i) => (v - Math.sqrt(bar) * x0[Math.floor(i / 4)]!) / Math.sqrt(1 - bar)))
  })
})

describe('inpainter oracle packs', () => {
  /** A square hole of side `side` at (top, left) in a size×size mask, 1 = hole. */
  const hole = (size: number, top: number, left: number, side: number) =>
    Array.from({ length: size * size }, (_, i) => {
      const [y, x] = [Math.floor(i / size), i % size]
      return y >= top && y < top + side && x >= left && x < left + side ? 1 : 0
    })

  it('LaMa (image 0..1, mask 1 = hole) returns 0..255 with the hole filled by the mean known colour', async () => {
    const size = LAMA_SIZE
    const image = random(3 * size * size, 3)
    const mask = hole(size, 100, 200, 64)
    const { outputs } = await run(packs.lama, 'inpainter', { image: f32([1, 3, size, size], image), mask: f32([1, 1, size, size], mask) })
    const out = outputs.output!.data as Float32Array
    const known = mask.reduce<number>((n, m) => n + 1 - m, 0)
    for (const c of [0, 2]) {
      const plane = image.slice(c * size * size, (c + 1) * size * size)
      const mean = plane.reduce((sum, v, i) => sum + v * (1 - mask[i]!), 0) / known
      const inHole = (100 * size + 200) + c * size * size
      const outside = 5 + c * size * size
      expect(out[inHole]!).toBeCloseTo(mean * 255, 2)
      expect(out[outside]!).toBeCloseTo(image[outside]! * 255, 3)
    }
  })

  it('MI-GAN (uint8, mask 255 = keep) returns uint8 with the hole filled by the rounded mean', async () => {
    const [hgt, wid] = [20, 30]
    const image = Uint8Array.from(random(3 * hgt * wid, 9).map((v) => Math.floor(v * 256)))
    const holeMask = hole(Math.max(hgt, wid), 4, 6, 5).slice(0, hgt * wid)
    const mask = Uint8Array.from(holeMask.map((m) => (m ? 0 : 255)))
    const { outputs } = await run(packs.migan, 'inpainter', {
      image: { type: 'uint8', dims: [1, 3, hgt, wid], data: image },
      mask: { type: 'uint8', dims: [1, 1, hgt, wid], data: mask },
    })
    const result = outputs.result!
    expect(result.type).toBe('uint8')
    const plane = Array.from(image.slice(0, hgt * wid))
    const known = plane.filter((_, i) => mask[i] === 255)
    const mean = known.reduce((a, b) => a + b, 0) / known.length
    const holeIndex = holeMask.indexOf(1)
    expect(Math.abs(Number(result.data[holeIndex]) - mean)).toBeLessThanOrEqual(0.5)
    expect(result.data[0]).toBe(image[0])
  })
})

describe('session cache', () => {
  it('keeps one session per file and evicts the least recently used under a small budget', async () => {
    const features = f32([1, 1, TEXT_FEATURES], Array(TEXT_FEATURES).fill(0.1))
    // A zero budget unloads everything the earlier tests loaded.
    await compute.run('inference.sessions', { runtime: { budgetBytes: 0 } })
    await compute.run('inference.sessions', { runtime: { budgetBytes: 1e9 } })
    await run(packs.zImage, 'text_encoder', { input_ids: i64([1, 1], [1]), attention_mask: i64([1, 1], [1]) })
    await run(packs.zImage, 'vae_decoder', { latent_sample: f32([1, LATENT_CHANNELS, 1, 1], Array(LATENT_CHANNELS).fill(0)) })
    await run(packs.zImage, 'text_encoder', { input_ids: i64([1, 1], [2]), attention_mask: i64([1, 1], [1]) })
    let report = await compute.run('inference.sessions', {})
    const names = () => report.loaded.map((l) => l.path.slice(packs.zImage.length + 1))
    expect(names()).toEqual(['onnx/vae_decoder.onnx', 'onnx/text_encoder.onnx'])

    // A budget that holds only the transformer and its external data: everything else goes, oldest first.
    const transformer = { hidden_states: f32([1, LATENT_CHANNELS, 1, 1, 1], Array(LATENT_CHANNELS).fill(0)), timestep: f32([1], [0.5]), encoder_hidden_states: features }
    const sizeOf = (path: string) => report.loaded.find((l) => l.path.endsWith(path))?.bytes ?? 0
    await compute.run('inference.sessions', { runtime: { budgetBytes: sizeOf('onnx/text_encoder.onnx') + 1 } })
    report = await compute.run('inference.sessions', {})
    expect(names()).toEqual(['onnx/text_encoder.onnx'])
    await run(packs.zImage, 'transformer', transformer)
    report = await compute.run('inference.sessions', {})
    expect(names()).toEqual(['onnx/transformer.onnx'])
    // Its estimate counts the .onnx_data sidecar, not just the graph file.
    expect(report.loaded[0]!.bytes).toBeGreaterThan(LATENT_CHANNELS * TEXT_FEATURES * 4)
    expect(report.usedBytes).toBe(report.loaded[0]!.bytes)
    await compute.run('inference.sessions', { runtime: { budgetBytes: 1e9 } })
  })

  it('falls back to cpu when an overridden provider cannot start, and says why', async () => {
    const result = await run(
      packs.zImage,
      'text_encoder',
      { input_ids: i64([1, 1], [1]), attention_mask: i64([1, 1], [1]) },
      { runtime: { provider: 'dml' } },
    )
    expect(result.provider).toBe(process.platform === 'win32' ? 'dml' : 'cpu')
    if (process.platform !== 'win32') expect(result.fallbacks[0]).toMatch(/^dml: /)
    const report = await compute.run('inference.sessions', { runtime: { provider: 'auto' } })
    expect(report.loaded).toEqual([])
  })

  it('refuses a component the pack does not have', async () => {
    await expect(run(packs.lama, 'transformer', {})).rejects.toMatchObject({ code: 'pack.badGraph', message: expect.stringMatching(/no transformer graph/) })
  })
})
