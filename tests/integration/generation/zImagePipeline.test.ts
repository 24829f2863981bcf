/**
 * The Z-Image pipeline in the compute host on oracle packs in the webnn/Z-Image-Turbo layout: every result is
 * checked against the oracle's closed form (model-packs.md, "Oracle packs").
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import type { PipelineRequest } from '../../../src-main/compute-host/inference/pipelines'
import { gaussianNoise } from '../../../src-main/compute-host/inference/pipelines/noise'
import { buildZImagePack, gaussianTransformerGraph, LATENT_CHANNELS, safetyCheckerGraph, scratchFolder } from '../../fixtures/oracle'
import { decodedColour, encodedLatent, gaussianEuler, sigmas, zImageTarget } from './oracleAnswers'

const [SCALE, SHIFT] = [0.3611, 0.1159]
const SIZE = 32
const PLANE = (SIZE / 8) ** 2
const SPREAD = 0.5

let compute: ComputeHost
let scratch: Awaited<ReturnType<typeof scratchFolder>>
const packs = { point: '', gaussian: '', checked: '' }

beforeAll(async () => {
  compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  scratch = await scratchFolder('z-image-pipeline')
  packs.point = await buildZImagePack(join(scratch.path, 'point'))
  packs.gaussian = await buildZImagePack(join(scratch.path, 'gaussian'), { id: 'z-image-gaussian', graphs: { transformer: gaussianTransformerGraph(SPREAD) } })
  packs.checked = await buildZImagePack(join(scratch.path, 'checked'), { id: 'z-image-checked', safetyChecker: safetyCheckerGraph(1) })
})

afterAll(async () => {
  compute.dispose()
  await scratch.remove()
})

const request = (overrides: Partial<PipelineRequest>): PipelineRequest => ({
  packDir: packs.point,
  prompt: 'a red sofa',
  negativePrompt: '',
  seed: 1,
  steps: 8,
  guidance: 0,
  strength: 1,
  width: SIZE,
  height: SIZE,
  ...overrides,
})
const generate = (overrides: Partial<PipelineRequest>, onProgress?: (fraction: number) => void) =>
  compute.run('pipelines.generate', request(overrides), { onProgress })

/** Each channel's plane of a [C, h, w] latent, as its values. */
const channel = (latent: Float32Array, c: number) => Array.from(latent.subarray(c * PLANE, (c + 1) * PLANE))
const worst = (actual: number[], expected: number[]) => Math.max(...actual.map((a, i) => Math.abs(a - expected[i]!)))
/**
 * A typed array's own bytes. Not `.buffer`: an array that crossed the IPC channel is a view, either into the
 * whole received message (which also holds the job id and modelMs) or, when misaligned, into Node's shared
 * 8 KB Buffer pool, so its `.buffer` holds other data and two results may even share one.
 */
const bytes = (array: ArrayBufferView) => Buffer.from(array.buffer, array.byteOffset, array.byteLength)

/** A SIZE×SIZE RGBA image whose left half is `left` and right half `right`, in 8×8 blocks (the oracle VAE's round trip). */
function halves(left: number[], right: number[]): Uint8Array {
  const rgba = new Uint8Array(SIZE * SIZE * 4)
  for (let i = 0; i < SIZE * SIZE; i++) rgba.set([...(i % SIZE < SIZE / 2 ? left : right), 255], i * 4)
  return rgba
}

describe('z-image pipeline: text to image', () => {
  it('8 Euler steps land on the oracle x0(text) for any seed, with progress after every step', async () => {
    const x0 = zImageTarget(['a', 'red', 'sofa'])
    for (const seed of [1, 99]) {
      const fractions: number[] = []
      const result = await generate({ seed }, (f) => fractions.push(f))
      expect(result.stepsRun).toBe(8)
      expect(fractions).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((s) => s / 8))
      for (let c = 0; c < LATENT_CHANNELS; c++) expect(worst(channel(result.latent, c), Array(PLANE).fill(x0[c]))).toBeLessThan(1e-4)
      expect(Array.from(result.rgba.subarray(0, 4))).toEqual([...decodedColour(x0, SCALE, SHIFT), 255])
      expect(result.flagged).toBe(false)
      expect(result.modelMs).toBeGreaterThan(0)
    }
  })

  it('CFG with a negative prompt lands on pos + g·(pos − neg) of the two targets', async () => {
    const [pos, neg] = [zImageTarget(['a', 'red', 'sofa']), zImageTarget(['blue'])]
    const result = await generate({ guidance: 2.5, negativePrompt: 'blue', steps: 4 })
    for (let c = 0; c < LATENT_CHANNELS; c++) {
      const expected = pos[c]! + 2.5 * (pos[c]! - neg[c]!)
      expect(worst(channel(result.latent, c), Array(PLANE).fill(expected))).toBeLessThan(1e-4)
    }
  })

  it('Chinese and mixed prompts tokenize per character and condition the result', async () => {
    const a = await generate({ prompt: '把沙发换成深蓝色' })
    const b = await generate({ prompt: '把沙发换成绒布 remove the bin' })
    const expectedA = zImageTarget([...'把沙发换成深蓝色'])
    const expectedB = zImageTarget([...'把沙发换成绒布', 'remove', 'the', 'bin'])
    expect(Math.abs(expectedA[0]! - expectedB[0]!)).toBeGreaterThan(1e-3)
    expect(worst(channel(a.latent, 0), Array(PLANE).fill(expectedA[0]))).toBeLessThan(1e-4)
    expect(worst(channel(b.latent, 0), Array(PLANE).fill(expectedB[0]))).toBeLessThan(1e-4)
  })

  it('seeds repeat bit for bit and a different seed moves a Gaussian target as its closed form says', async () => {
    const first = await generate({ packDir: packs.gaussian, seed: 7, steps: 6 })
    const again = await generate({ packDir: packs.gaussian, seed: 7, steps: 6 })
    const other = await generate({ packDir: packs.gaussian, seed: 8, steps: 6 })
    const afterOther = await generate({ packDir: packs.gaussian, seed: 7, steps: 6 })
    for (const repeat of [again, afterOther]) {
      expect(bytes(repeat.latent).equals(bytes(first.latent))).toBe(true)
      expect(bytes(repeat.rgba).equals(bytes(first.rgba))).toBe(true)
    }
    expect(worst(Array.from(other.latent), Array.from(first.latent))).toBeGreaterThan(0.1)
    const mu = zImageTarget(['a', 'red', 'sofa'])
    const noise = gaussianNoise(8, LATENT_CHANNELS * PLANE)
    const expected = Array.from(noise, (n, i) => gaussianEuler(n, mu[Math.floor(i / PLANE)]!, SPREAD, sigmas(6, 3), 0))
    expect(worst(Array.from(other.latent), expected)).toBeLessThan(1e-3)
  })
})

describe('z-image pipeline: editing an image', () => {
  const image = halves([40, 120, 200], [220, 30, 90])
  const otherImage = halves([0, 255, 0], [10, 10, 10])

  it('strength 0 returns the image itself; strength 1 ignores it', async () => {
    const kept = await generate({ image, strength: 0 })
    expect(kept.stepsRun).toBe(0)
    expect(Buffer.from(kept.rgba).equals(Buffer.from(image))).toBe(true)
    const a = await generate({ packDir: packs.gaussian, image, strength: 1 })
    const b = await generate({ packDir: packs.gaussian, image: otherImage, strength: 1 })
    expect(Buffer.from(a.rgba).equals(Buffer.from(b.rgba))).toBe(true)
  })

  it('strength 0.5 runs steps int(N − N·0.5).. from σ·noise + (1 − σ)·x0(image), as the closed form says', async () => {
    const result = await generate({ packDir: packs.gaussian, image, strength: 0.5, steps: 8, seed: 3 })
    expect(result.stepsRun).toBe(4)
    const mu = zImageTarget(['a', 'red', 'sofa'])
    const sigma = sigmas(8, 3)
    const noise = gaussianNoise(3, LATENT_CHANNELS * PLANE)
    const clean = [encodedLatent([40, 120, 200], LATENT_CHANNELS, SCALE, SHIFT), encodedLatent([220, 30, 90], LATENT_CHANNELS, SCALE, SHIFT)]
    const expected = Array.from(noise, (n, i) => {
      const x0 = clean[i % (SIZE / 8) < SIZE / 16 ? 0 : 1]![Math.floor(i / PLANE)]!
      return gaussianEuler(sigma[4]! * n + (1 - sigma[4]!) * x0, mu[Math.floor(i / PLANE)]!, SPREAD, sigma, 4)
    })
    expect(worst(Array.from(result.latent), expected)).toBeLessThan(1e-3)
  })

  it('inpainting keeps every unmasked latent on the image and paints the masked ones', async () => {
    const mask = new Uint8Array(SIZE * SIZE).map((_, i) => (i % SIZE < SIZE / 2 ? 255 : 0))
    const result = await generate({ image, mask, seed: 5 })
    const x0 = zImageTarget(['a', 'red', 'sofa'])
    const kept = encodedLatent([220, 30, 90], LATENT_CHANNELS, SCALE, SHIFT)
    for (let c = 0; c < LATENT_CHANNELS; c++) {
      const expected = Array.from({ length: PLANE }, (_, i) => (i % (SIZE / 8) < SIZE / 16 ? x0[c]! : kept[c]!))
      expect(worst(channel(result.latent, c), expected)).toBeLessThan(1e-4)
    }
    expect(Array.from(result.rgba.subarray((SIZE - 1) * 4, SIZE * 4))).toEqual([220, 30, 90, 255])
  })

  it('a pack with a safety checker flags what it flags, on every result', async () => {
    const white = halves([255, 255, 255], [255, 255, 255])
    expect((await generate({ packDir: packs.checked, image: white, strength: 0 })).flagged).toBe(true)
    expect((await generate({ packDir: packs.checked, image, strength: 0 })).flagged).toBe(false)
  })
})
