/**
 * SDXL in the compute host on the oracle pack in Optimum's SDXL layout (model-packs.md): both text encoders'
 * penultimate hidden states side by side, the pooled text embeds and the time ids reach the UNet, the second
 * tokenizer pads with "!", an empty negative prompt is zeros, and guidance acts as its formula says. Every answer
 * is the oracle's closed form.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import { checkPackGraphs } from '../../../src-main/compute-host/inference/packs'
import type { PipelineRequest } from '../../../src-main/compute-host/inference/pipelines'
import { buildSdxlPack, scratchFolder, SD_LATENT_CHANNELS } from '../../fixtures/oracle'
import { generationHarness } from './harness'
import { CLIP_EOS, sdxlTarget } from './oracleAnswers'

let compute: ComputeHost
let scratch: Awaited<ReturnType<typeof scratchFolder>>
let pack: string
let withoutHiddenStates: string

beforeAll(async () => {
  compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  scratch = await scratchFolder('sdxl-pipeline')
  pack = await buildSdxlPack(join(scratch.path, 'sdxl'))
  withoutHiddenStates = await buildSdxlPack(join(scratch.path, 'no-hidden-states'), { id: 'sdxl-no-hidden-states', hiddenStates: false })
})

afterAll(async () => {
  compute.dispose()
  await scratch.remove()
})

const generate = (overrides: Partial<PipelineRequest>) =>
  compute.run('pipelines.generate', { packDir: pack, prompt: 'a blue sofa', negativePrompt: '', seed: 1, steps: 4, guidance: 5, strength: 1, width: 32, height: 32, ...overrides })

/** The largest distance of any latent element from its channel's expected value. */
function missBy(latent: Float32Array, expected: number[]): number {
  const plane = latent.length / SD_LATENT_CHANNELS
  return Math.max(...Array.from(latent, (value, i) => Math.abs(value - expected[Math.floor(i / plane)]!)))
}
const guided = (positive: number[], negative: number[], g: number) => positive.map((p, c) => negative[c]! + g * (p - negative[c]!))

describe('sdxl pipeline', () => {
  const prompt = ['a', 'blue', 'sofa']

  it('unguided, 4 Euler steps land on x0 of both encoders’ features, the pooled embeds and the time ids', async () => {
    const result = await generate({ guidance: 0 })
    expect(missBy(result.latent, sdxlTarget(prompt, 32, 32))).toBeLessThan(1e-3)
    expect(result.stepsRun).toBe(4)
  })

  it('conditions on both encoders’ penultimate hidden states (hidden_states.11 of CLIP-L, .31 of bigG), not last_hidden_state', async () => {
    const result = await generate({ guidance: 0 })
    expect(missBy(result.latent, sdxlTarget(prompt, 32, 32))).toBeLessThan(1e-3)
    // The oracle's last_hidden_state differs from the penultimate layer, so reading it misses the answer.
    expect(missBy(result.latent, sdxlTarget(prompt, 32, 32, { features: 'last_hidden_state' }))).toBeGreaterThan(1e-2)
  })

  it('pads the second tokenizer’s prompt with "!" as its special_tokens_map.json says, the first with the end token', async () => {
    const result = await generate({ guidance: 0, prompt: 'a sofa' })
    expect(missBy(result.latent, sdxlTarget(['a', 'sofa'], 32, 32))).toBeLessThan(1e-3)
    expect(missBy(result.latent, sdxlTarget(['a', 'sofa'], 32, 32, { secondPad: CLIP_EOS }))).toBeGreaterThan(1e-2)
  })

  it('refuses encoders exported without hidden states, naming the output SDXL needs, at install and at run time', async () => {
    const refusal = { code: 'pack.badGraph', message: /text_encoder graph has no output hidden_states\.11 \(it has: last_hidden_state, pooler_output\)/ }
    await expect(checkPackGraphs(withoutHiddenStates)).rejects.toMatchObject(refusal)
    await expect(generate({ packDir: withoutHiddenStates, guidance: 0 })).rejects.toMatchObject(refusal)
  })

  it('the time ids carry the working size as (height, width): a 48×32 image lands elsewhere than a 32×48 one', async () => {
    const [wide, tall] = [await generate({ guidance: 0, width: 48, height: 32 }), await generate({ guidance: 0, width: 32, height: 48 })]
    expect(missBy(wide.latent, sdxlTarget(prompt, 48, 32))).toBeLessThan(1e-3)
    expect(missBy(tall.latent, sdxlTarget(prompt, 32, 48))).toBeLessThan(1e-3)
    expect(missBy(wide.latent, sdxlTarget(prompt, 32, 48))).toBeGreaterThan(1e-2)
  })

  it('guides from a zeroed empty negative prompt: ε_u + g·(ε_c − ε_u), for every seed and sampler', async () => {
    for (const [seed, scheduler] of [[1, 'euler'], [9, 'ddim']] as const) {
      const result = await generate({ seed, scheduler })
      expect(missBy(result.latent, guided(sdxlTarget(prompt, 32, 32), sdxlTarget(undefined, 32, 32), 5))).toBeLessThan(1e-3)
    }
  })

  it('a negative prompt is encoded like the prompt and guided away from', async () => {
    const result = await generate({ negativePrompt: 'red', guidance: 3 })
    expect(missBy(result.latent, guided(sdxlTarget(prompt, 32, 32), sdxlTarget(['red'], 32, 32), 3))).toBeLessThan(1e-3)
  })
})

describe('sdxl through main', () => {
  it('generates a layer with the sdxl family and records what re-runs it; the re-run lands on the same answer', async () => {
    const harness = await generationHarness('sdxl-jobs', (modelsDir) => buildSdxlPack(join(modelsDir, 'sdxl-base-oracle')))
    try {
      const { documentId } = harness
      const store = () => harness.projects.store(documentId)
      const rect = { x: 64, y: 64, width: 64, height: 64 }
      const request = { documentId, prompt: 'a blue sofa', family: 'sdxl', rect, size: { width: 64, height: 64 }, steps: 4, guidance: 0, scheduler: 'ddim', seed: 3 }
      await harness.finished((await harness.call('generation.generate', request)).jobId)
      const version = store().version(store().head)
      expect(version).toMatchObject({ operation: 'generate', modelPack: 'sdxl-base-oracle', engine: 'sdxl base', params: { family: 'sdxl', scheduler: 'ddim', steps: 4 } })
      const first = store().readRegion(store().head, store().layers().at(-1)!.id, rect).rgba
      await harness.finished((await harness.call('generation.rerun', { documentId, versionId: version.id, seed: 99 })).jobId)
      // The oracle's answer does not depend on the seed: a faithful re-run paints the same pixels.
      expect(store().readRegion(store().head, store().layers().at(-1)!.id, rect).rgba.equals(first)).toBe(true)
      expect(store().version(store().head)).toMatchObject({ seed: 99, params: { family: 'sdxl', scheduler: 'ddim' } })
    } finally {
      await harness.dispose()
    }
  })
})
