/**
 * Packs as sets of components (issue 13): webnn/Z-Image-Turbo has no VAE encoder, so it generates but cannot
 * edit until one is added from another repo; and an export that baked its size into the transformer runs at
 * that size, the region resized to it and back, instead of failing at run time.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, dispatch, type Api } from '../../../src-main/api'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import type { AppErrorData } from '../../../src-shared/contract'
import { kodakPath } from '../../fixtures/evalSet'
import { startFakeHub, type FakeHub } from '../../fixtures/hub/fakeHub'
import { tongyiZImageTurbo, webnnZImageTurbo } from '../../fixtures/hub/publicRepos'
import type { HubRepo } from '../../fixtures/hub/repoIndex'
import { LATENT_CHANNELS, scratchFolder, transformerGraph, vaeEncoderGraph } from '../../fixtures/oracle'
import { modelBytes, value } from '../../fixtures/oracle/onnxGraph'
import { decodedColour, zImageTarget } from '../generation/oracleAnswers'

let scratch: Awaited<ReturnType<typeof scratchFolder>>
let compute: ComputeHost
let hub: FakeHub
let api: Api
let documentId: string

/** An Optimum-layout repo holding only a 16-channel VAE encoder, as an export of the FLUX.1 VAE would. */
const fluxVaeRepo: HubRepo = {
  id: 'example/FLUX.1-vae-onnx',
  files: { 'README.md': '# FLUX.1 VAE, ONNX', 'vae_encoder/model.onnx': modelBytes(vaeEncoderGraph('latent_sample')).model },
}

/** webnn's layout with the transformer exported at a fixed 64×64 latent (512×512 pixels), as diffusers issue 12843 describes. */
function fixedSizeZImage(): HubRepo {
  const repo = webnnZImageTurbo()
  const graph = transformerGraph()
  const fixed = {
    ...graph,
    inputs: graph.inputs.map((input) => (input.name === 'hidden_states' ? value('hidden_states', input.type, [1, LATENT_CHANNELS, 1, 64, 64]) : input)),
    outputs: [value('unified_results', graph.outputs[0]!.type, [LATENT_CHANNELS, 1, 64, 64])],
  }
  const { model, data } = modelBytes(fixed, 'transformer_model_q4f16.onnx_data')
  const files = Object.fromEntries(Object.entries(repo.files).filter(([path]) => !path.includes('_f16.onnx') || path.includes('vae') || path.includes('safety')))
  return { id: 'example/Z-Image-Turbo-512', files: { ...files, 'onnx/transformer_model_q4f16.onnx': model, 'onnx/transformer_model_q4f16.onnx_data': data! } }
}

beforeAll(async () => {
  scratch = await scratchFolder('pack-components')
  process.env.HF_HUB_CACHE = join(scratch.path, 'hf-cache')
  hub = await startFakeHub({ repos: [webnnZImageTurbo(), tongyiZImageTurbo(), fluxVaeRepo, fixedSizeZImage()] })
  compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  api = createApi({ mode: 'web', version: 'test', compute, modelsDir: join(scratch.path, 'models'), folders: { projectsDir: join(scratch.path, 'projects'), userDataDir: scratch.path } })
  await call('models.setHubSettings', { endpoint: hub.url })
  documentId = (await call('documents.openImage', { name: 'kodim03.png', bytes: await readFile(kodakPath(3)) })).document.id
})

afterAll(async () => {
  compute.dispose()
  api.close()
  await hub.close()
  delete process.env.HF_HUB_CACHE
  await scratch.remove()
})

async function call(method: string, input: unknown): Promise<any> {
  const reply = await dispatch(api.handlers, method, input)
  if (!reply.ok) throw reply.error
  return reply.value
}

async function refusal(method: string, input: unknown): Promise<AppErrorData> {
  const reply = await dispatch(api.handlers, method, input)
  if (reply.ok) throw new Error(`expected ${method} to be refused`)
  return reply.error
}

async function finished(jobId: string) {
  for (;;) {
    const job = (await call('jobs.list', {})).jobs.find((j: { id: string }) => j.id === jobId)
    if (job.state !== 'queued' && job.state !== 'running') return job
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const x0Colour = decodedColour(zImageTarget(['a', 'red', 'sofa']), 0.3611, 0.1159)
const mask = { rect: { x: 300, y: 200, width: 64, height: 48 }, alpha: new Uint8Array(64 * 48).fill(255) }

describe('adding the component a pack lacks', () => {
  it('refuses Edit on webnn/Z-Image-Turbo alone, naming the missing VAE encoder', async () => {
    await call('models.installFromHub', { repo: 'webnn/Z-Image-Turbo' })
    const error = await refusal('generation.edit', { documentId, layerId: 'background', mask, prompt: 'a red sofa', strength: 0.5 })
    expect(error.message).toMatch(/vae_encoder/)
  })

  it('refuses a repo that has none of what the pack lacks', async () => {
    const error = await refusal('models.addComponent', { packId: 'webnn--z-image-turbo', repo: 'Tongyi-MAI/Z-Image-Turbo' })
    expect(error.code).toBe('pack.noComponent')
    const { packs } = await call('models.list', {})
    expect(packs[0].enables).toEqual(['generate'])
  })

  it('adds a VAE encoder from another repo: the pack then enables Edit, Inpaint and Outpaint, and Edit runs', async () => {
    const pack = await call('models.addComponent', { packId: 'webnn--z-image-turbo', repo: 'example/FLUX.1-vae-onnx' })
    expect(pack.enables).toEqual(['generate', 'edit', 'inpaint', 'outpaint'])
    expect(pack.lacks).toEqual([])
    expect(pack.files).toContain('example--FLUX.1-vae-onnx/vae_encoder/model.onnx')
    expect(pack.sources.map((s: { repo: string }) => s.repo)).toEqual(['webnn/Z-Image-Turbo', 'Tongyi-MAI/Z-Image-Turbo', 'example/FLUX.1-vae-onnx'])
    const { jobId } = await call('generation.edit', { documentId, layerId: 'background', mask, prompt: 'a red sofa', strength: 0.5, packId: 'webnn--z-image-turbo', seed: 3 })
    const job = await finished(jobId)
    expect([job.state, job.error?.message]).toEqual(['done', undefined])
  })
})

describe('an export with its size baked in', () => {
  it('installs at the size its transformer fixes', async () => {
    await call('models.installFromHub', { repo: 'example/Z-Image-Turbo-512' })
    const manifest = JSON.parse(await readFile(join(scratch.path, 'models', 'example--z-image-turbo-512', 'pack.json'), 'utf8'))
    expect(manifest).toMatchObject({ fixedSize: true, nativeResolution: { width: 512, height: 512 } })
  })

  it('generates over a 300×200 region by resizing it to 512×512 and back', async () => {
    const rect = { x: 40, y: 40, width: 300, height: 200 }
    const { jobId } = await call('generation.generate', { documentId, prompt: 'a red sofa', rect, packId: 'example--z-image-turbo-512' })
    const job = await finished(jobId)
    expect([job.state, job.error?.message]).toEqual(['done', undefined])
    const layer = (await call('documents.listOpen', {})).find((d: { id: string }) => d.id === documentId).layers.at(-1)
    const grid = await call('layers.tileGrid', { documentId, layerId: layer.id })
    const { tiles } = await call('tiles.read', { documentId, hashes: [grid.tiles[0]] })
    expect([...tiles[0].subarray((100 * 256 + 100) * 4, (100 * 256 + 100) * 4 + 4)]).toEqual([...x0Colour, 255])
  })

  it('refuses another size asked for, saying the one it runs at', async () => {
    const error = await refusal('generation.generate', { documentId, prompt: 'a red sofa', packId: 'example--z-image-turbo-512', size: { width: 256, height: 256 } })
    expect([error.code, error.message]).toEqual(['generation.badSize', expect.stringMatching(/512×512 only/)])
  })
})
