/**
 * Conventions where the pipelines follow diffusers and Optimum rather than a guess (model-packs.md, Stable
 * Diffusion): the pad token a tokenizer folder names, v-prediction from the scheduler config, LCM-distilled UNets
 * (timestep_cond and LCM's timesteps), the image-to-image start step, and Turbo packs unguided by default.
 * Each runs the real pipeline on an oracle pack in the public layout, against its closed form.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import type { PipelineRequest } from '../../../src-main/compute-host/inference/pipelines'
import { buildSdPack, buildZImagePack, LCM_CONDITION_DIM, lcmUnetGraph, scratchFolder } from '../../fixtures/oracle'
import { generationHarness } from './harness'
import { CLIP_PAD_BANG, decodedColour, lcmTarget, sdTarget, zImageTarget } from './oracleAnswers'

const SIZE = 32
const PLANE = (SIZE / 8) ** 2

let compute: ComputeHost
let scratch: Awaited<ReturnType<typeof scratchFolder>>
const packs = { sd2: '', sd2v: '', samplePrediction: '', lcm: '' }

beforeAll(async () => {
  compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  scratch = await scratchFolder('reference-conventions')
  const sd2 = { variant: 'base', padToken: '!' }
  packs.sd2 = await buildSdPack(join(scratch.path, 'sd2'), { id: 'sd2-base-oracle', ...sd2, prediction: 'epsilon' })
  packs.sd2v = await buildSdPack(join(scratch.path, 'sd2v'), { id: 'sd2-768-v-oracle', ...sd2, prediction: 'v_prediction' })
  packs.samplePrediction = await buildSdPack(join(scratch.path, 'sample'), { id: 'sd-sample-oracle', prediction: 'sample' })
  packs.lcm = await buildSdPack(join(scratch.path, 'lcm'), { id: 'lcm-oracle', variant: 'lcm', unet: lcmUnetGraph(), defaults: { steps: 4, guidance: 8.5 } })
})

afterAll(async () => {
  compute.dispose()
  await scratch.remove()
})

const generate = (overrides: Partial<PipelineRequest>) =>
  compute.run('pipelines.generate', { packDir: packs.sd2, prompt: 'a blue sofa', negativePrompt: '', seed: 1, steps: 2, guidance: 0, strength: 1, width: SIZE, height: SIZE, ...overrides })

/** The largest distance of any latent element from its channel's expected value. */
function missBy(latent: Float32Array, expected: number[]): number {
  return Math.max(...Array.from(latent, (value, i) => Math.abs(value - expected[Math.floor(i / PLANE)]!)))
}

const words = ['a', 'blue', 'sofa']

describe('stable diffusion as diffusers runs it', () => {
  it('pads with the token the tokenizer folder names: "!" on an SD 2.x pack, not the end token', async () => {
    const result = await generate({})
    expect(missBy(result.latent, sdTarget(words, CLIP_PAD_BANG))).toBeLessThan(1e-3)
    expect(missBy(result.latent, sdTarget(words))).toBeGreaterThan(1e-2)
  })

  it.each(['euler', 'ddim', 'lcm'] as const)('samples a v-prediction UNet (scheduler_config.json prediction_type) onto x0 with %s', async (scheduler) => {
    const result = await generate({ packDir: packs.sd2v, scheduler, steps: 4, seed: 7 })
    expect(missBy(result.latent, sdTarget(words, CLIP_PAD_BANG))).toBeLessThan(1e-3)
  })

  it('refuses a prediction_type it does not sample instead of drawing noise', async () => {
    await expect(generate({ packDir: packs.samplePrediction })).rejects.toMatchObject({
      code: 'pack.badManifest',
      message: /predicts "sample" \(scheduler\/scheduler_config\.json\)/,
    })
  })

  it('gives an LCM-distilled UNet the guidance as timestep_cond (w = g − 1) and LCM’s timesteps, with no CFG pass', async () => {
    const negative = Array(12).fill('red')
    for (const [steps, guidance] of [[4, 8.5], [8, 4]] as const) {
      // Euler is asked for: an LCM UNet samples with LCM whatever the request says.
      const result = await generate({ packDir: packs.lcm, scheduler: 'euler', steps, guidance, negativePrompt: negative.join(' '), seed: steps })
      expect(result.stepsRun).toBe(steps)
      const [x0, away] = [lcmTarget(words, guidance, LCM_CONDITION_DIM), lcmTarget(negative, guidance, LCM_CONDITION_DIM)]
      expect(missBy(result.latent, x0)).toBeLessThan(1e-3)
      // A CFG pass would land on away + g·(x0 − away).
      expect(missBy(result.latent, x0.map((x, c) => away[c]! + guidance * (x - away[c]!)))).toBeGreaterThan(1e-2)
    }
  })

  it('starts image-to-image at N − floor(N·strength): 10 steps at 0.55 run 5, 4 steps at 0.3 run 1', async () => {
    const image = new Uint8Array(SIZE * SIZE * 4).fill(200)
    for (const [steps, strength, run] of [[10, 0.55, 5], [4, 0.3, 1]] as const) {
      const result = await generate({ image, steps, strength, scheduler: 'ddim' })
      expect(result.stepsRun).toBe(run)
      expect(missBy(result.latent, sdTarget(words, CLIP_PAD_BANG))).toBeLessThan(1e-3)
    }
  })
})

describe('turbo packs through main', () => {
  it('run at guidance 0 unless the user sets it, whatever guidance the manifest defaults to', async () => {
    // Manifests whose default guidance suits the Base model, as a catalog or an installer might write them.
    const harness = await generationHarness('turbo-guidance', async (modelsDir) => {
      await buildZImagePack(join(modelsDir, 'z-image-turbo-oracle'), { defaults: { steps: 8, guidance: 4, shift: 3 } })
      await buildSdPack(join(modelsDir, 'sd-turbo-oracle'), { defaults: { steps: 1, guidance: 4 } })
    })
    try {
      const { documentId } = harness
      const store = () => harness.projects.store(documentId)
      const rect = { x: 0, y: 0, width: 64, height: 64 }
      const generated = async (request: object) => {
        await harness.finished((await harness.call('generation.generate', { documentId, prompt: 'a blue sofa', rect, size: { width: 64, height: 64 }, seed: 5, ...request })).jobId)
        const pixel = Array.from(store().readRegion(store().head, store().layers().at(-1)!.id, rect).rgba.subarray(0, 3))
        return { pixel, guidance: store().version(store().head).params.guidance }
      }
      const unguided = decodedColour(zImageTarget(['a', 'blue', 'sofa']), 0.3611, 0.1159)
      expect(await generated({ family: 'z-image' })).toEqual({ pixel: unguided, guidance: 0 })
      const guided = await generated({ family: 'z-image', guidance: 2 })
      expect(guided.guidance).toBe(2)
      expect(guided.pixel).not.toEqual(unguided)
      expect((await generated({ family: 'sd' })).guidance).toBe(0)
      // The SD oracle paints x0's first channels: a user's guidance on SD-Turbo runs its CFG pass.
      expect((await generated({ family: 'sd', guidance: 3, negativePrompt: 'red' })).pixel).not.toEqual((await generated({ family: 'sd' })).pixel)
    } finally {
      await harness.dispose()
    }
  })
})
