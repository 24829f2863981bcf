/**
 * The Stable Diffusion pipeline in the compute host on ε-oracle packs in the Optimum layout: each sampler
 * lands on the oracle's x0, guidance and inpainting act as their formulas say (model-packs.md).
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import type { PipelineRequest } from '../../../src-main/compute-host/inference/pipelines'
import { buildSdPack, scratchFolder, SD_LATENT_CHANNELS, sdInpaintUnetGraph } from '../../fixtures/oracle'
import { encodedLatent, sdTarget } from './oracleAnswers'

const SCALE = 0.18215
const SIZE = 32
const PLANE = (SIZE / 8) ** 2

let compute: ComputeHost
let scratch: Awaited<ReturnType<typeof scratchFolder>>
const packs = { turbo: '', base: '', scalarTimestep: '', inpainting: '' }

beforeAll(async () => {
  compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  scratch = await scratchFolder('sd-pipeline')
  packs.turbo = await buildSdPack(join(scratch.path, 'turbo'))
  packs.base = await buildSdPack(join(scratch.path, 'base'), { id: 'sd-base-oracle', variant: 'base' })
  packs.scalarTimestep = await buildSdPack(join(scratch.path, 'scalar'), { id: 'sd-scalar', timestep: { type: 'float32', rank: 0 } })
  packs.inpainting = await buildSdPack(join(scratch.path, 'inpainting'), { id: 'sd-inpainting', variant: 'inpainting', unet: sdInpaintUnetGraph() })
})

afterAll(async () => {
  compute.dispose()
  await scratch.remove()
})

const generate = (overrides: Partial<PipelineRequest>) =>
  compute.run('pipelines.generate', {
    packDir: packs.turbo,
    prompt: 'a blue sofa',
    negativePrompt: '',
    seed: 1,
    steps: 1,
    guidance: 0,
    strength: 1,
    width: SIZE,
    height: SIZE,
    ...overrides,
  })

const channel = (latent: Float32Array, c: number) => Array.from(latent.subarray(c * PLANE, (c + 1) * PLANE))
const worst = (actual: number[], expected: number[]) => Math.max(...actual.map((a, i) => Math.abs(a - expected[i]!)))
const leftHalf = (i: number) => i % (SIZE / 8) < SIZE / 16

function expectLatent(latent: Float32Array, expected: (c: number, i: number) => number, tolerance = 1e-3): void {
  for (let c = 0; c < SD_LATENT_CHANNELS; c++) {
    expect(worst(channel(latent, c), Array.from({ length: PLANE }, (_, i) => expected(c, i)))).toBeLessThan(tolerance)
  }
}

describe('stable diffusion pipeline', () => {
  const x0 = sdTarget(['a', 'blue', 'sofa'])

  it.each([
    ['euler', 1],
    ['euler', 4],
    ['ddim', 4],
    ['lcm', 4],
  ] as const)('%s with %i steps lands on the ε-oracle x0(text)', async (scheduler, steps) => {
    const result = await generate({ scheduler, steps, seed: steps })
    expect(result.stepsRun).toBe(steps)
    expectLatent(result.latent, (c) => x0[c]!)
  })

  it('reads a scalar float timestep from the UNet metadata', async () => {
    expectLatent((await generate({ packDir: packs.scalarTimestep, steps: 2 })).latent, (c) => x0[c]!)
  })

  it('applies ε_u + g·(ε_c − ε_u) for g > 1, on a Turbo pack too when the user asks for guidance', async () => {
    const negative = sdTarget(['red'])
    for (const packDir of [packs.base, packs.turbo]) {
      const guided = await generate({ packDir, guidance: 3, negativePrompt: 'red', steps: 2 })
      expectLatent(guided.latent, (c) => negative[c]! + 3 * (x0[c]! - negative[c]!))
    }
  })

  it('Chinese prompts go through CLIP tokenization and condition the result', async () => {
    const result = await generate({ prompt: '深蓝色绒布沙发' })
    expectLatent(result.latent, (c) => sdTarget([...'深蓝色绒布沙发'])[c]!)
  })

  describe('with an image', () => {
    const rgbLeft = [60, 140, 220]
    const rgbRight = [250, 20, 100]
    const image = new Uint8Array(SIZE * SIZE * 4).map((_, i) => (i % 4 === 3 ? 255 : (i >> 2) % SIZE < SIZE / 2 ? rgbLeft[i % 4]! : rgbRight[i % 4]!))
    const mask = new Uint8Array(SIZE * SIZE).map((_, i) => (i % SIZE < SIZE / 2 ? 255 : 0))
    const kept = encodedLatent(rgbRight, SD_LATENT_CHANNELS, SCALE, 0)

    it('strength 0 returns the image', async () => {
      const result = await generate({ image, strength: 0 })
      expect(Buffer.from(result.rgba).equals(Buffer.from(image))).toBe(true)
    })

    it('strength 1 ignores the image: it lands on x0(text) as text-to-image does', async () => {
      const result = await generate({ image, strength: 1, steps: 4, scheduler: 'euler' })
      expect(result.stepsRun).toBe(4)
      expectLatent(result.latent, (c) => x0[c]!)
    })

    it('inpaints a plain UNet by latent blending: unmasked latents stay the image', async () => {
      const result = await generate({ image, mask, steps: 3, scheduler: 'ddim' })
      expectLatent(result.latent, (c, i) => (leftHalf(i) ? x0[c]! : kept[c]!), 1e-4)
    })

    it('feeds a 9-channel UNet the mask and the masked image latent', async () => {
      const result = await generate({ packDir: packs.inpainting, image, mask, steps: 2 })
      expectLatent(result.latent, (c, i) => (leftHalf(i) ? x0[c]! : kept[c]!))
      await expect(generate({ packDir: packs.inpainting })).rejects.toMatchObject({ code: 'api.badInput', message: /needs an image and a mask/ })
    })
  })
})
