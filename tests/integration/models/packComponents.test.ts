/**
 * Packs as sets of components (issue 13): webnn/Z-Image-Turbo has no VAE encoder, so it generates but cannot
 * edit until one is added from another repo; and an export that baked its size into the transformer runs at
 * that size, the region resized to it and back, instead of failing at run time.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kodakPath } from '../../fixtures/evalSet'
import { tongyiZImageTurbo, webnnZImageTurbo } from '../../fixtures/hub/publicRepos'
import type { HubRepo } from '../../fixtures/hub/repoIndex'
import { LATENT_CHANNELS, transformerGraph, vaeEncoderGraph } from '../../fixtures/oracle'
import { modelBytes, value } from '../../fixtures/oracle/onnxGraph'
import { decodedColour, zImageTarget } from '../generation/oracleAnswers'
import { hubApi } from './hubApi'

let app: Awaited<ReturnType<typeof hubApi>>
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
  app = await hubApi('pack-components-', { repos: [webnnZImageTurbo(), tongyiZImageTurbo(), fluxVaeRepo, fixedSizeZImage()] })
  documentId = (await app.call('documents.openImage', { name: 'kodim03.png', bytes: await readFile(kodakPath(3)) })).document.id
})

afterAll(() => app.close())

const call: typeof app.call = (method, input) => app.call(method, input)
const refusal: typeof app.refusal = (method, input) => app.refusal(method, input)
const finished = (jobId: string) => app.finished(jobId)

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
    const manifest = JSON.parse(await readFile(join(app.modelsDir, 'example--z-image-turbo-512', 'pack.json'), 'utf8'))
    expect(manifest).toMatchObject({ fixedSize: true, nativeResolution: { width: 512, height: 512 } })
  })

  it('generates over a 300×200 region by resizing it to 512×512 and back', async () => {
    const rect = { x: 40, y: 40, width: 300, height: 200 }
    const { jobId } = await call('generation.generate', { documentId, prompt: 'a red sofa', rect, packId: 'example--z-image-turbo-512' })
    const job = await finished(jobId)
    expect([job.state, job.error?.message]).toEqual(['done', undefined])
    const layer = (await call('documents.listOpen', {})).find((d) => d.id === documentId)!.layers.at(-1)!
    expect(await app.tilePixel(documentId, layer.id, 100, 100)).toEqual([...x0Colour, 255])
  })

  it('refuses another size asked for, saying the one it runs at', async () => {
    const error = await refusal('generation.generate', { documentId, prompt: 'a red sofa', packId: 'example--z-image-turbo-512', size: { width: 256, height: 256 } })
    expect([error.code, error.message]).toEqual(['generation.badSize', expect.stringMatching(/512×512 only/)])
  })
})
