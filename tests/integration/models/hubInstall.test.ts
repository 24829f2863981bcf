/**
 * Installing public repos as they are published (issue 13): a local server answers like the Hub over oracle
 * graphs in the exact public layouts; the app lists, recognises, picks, downloads, verifies and writes its own
 * manifest, then runs the feature the pack enables. No test writes a manifest.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kodakPath } from '../../fixtures/evalSet'
import { optimumSd15, optimumSdxl } from '../../fixtures/hub/optimumRepos'
import { carveLama, miganRepo, tongyiZImageTurbo, webnnZImageTurbo } from '../../fixtures/hub/publicRepos'
import { decodedColour, sdTarget, sdxlTarget, zImageTarget } from '../generation/oracleAnswers'
import { hubApi } from './hubApi'

let app: Awaited<ReturnType<typeof hubApi>>

beforeAll(async () => {
  const gated = { ...carveLama(), id: 'gated-org/LaMa-ONNX', gated: true }
  const repos = [webnnZImageTurbo(), tongyiZImageTurbo(), carveLama(), miganRepo(), await optimumSd15(), await optimumSdxl(), gated]
  app = await hubApi('hub-install-', { repos, token: 'hf_gated_ok' })
})

afterAll(() => app.close())

const call: typeof app.call = (method, input) => app.call(method, input)
const refusal: typeof app.refusal = (method, input) => app.refusal(method, input)
const finished = (jobId: string) => app.finished(jobId)
const modelsDir = () => app.modelsDir

/** The models folder holds exactly these packs, and no staging or download folder. */
async function modelsFolder(): Promise<string[]> {
  return (await readdir(modelsDir()).catch(() => [])).sort()
}

describe('installing webnn/Z-Image-Turbo by repo id', () => {
  it('picks one precision, the sidecars its graphs name and the Tongyi tokenizer, and writes the manifest itself', async () => {
    const pack = await call('models.installFromHub', { repo: 'webnn/Z-Image-Turbo' })
    expect(pack).toMatchObject({ id: 'webnn--z-image-turbo', name: 'webnn/Z-Image-Turbo · q4f16', family: 'z-image', variant: 'turbo' })
    expect(pack.files.sort()).toEqual([
      'Tongyi-MAI--Z-Image-Turbo/tokenizer/tokenizer.json',
      'Tongyi-MAI--Z-Image-Turbo/tokenizer/tokenizer_config.json',
      'onnx/safety_checker_model_f16.onnx',
      'onnx/text_encoder_model_q4f16.onnx',
      'onnx/text_encoder_model_q4f16.onnx_data',
      'onnx/transformer_model_q4f16.onnx',
      'onnx/transformer_model_q4f16.onnx_data',
      'onnx/vae_decoder_model_f16.onnx',
    ])
    expect(pack.enables).toEqual(['generate'])
    expect(pack.lacks).toEqual([
      { feature: 'edit', component: 'vae_encoder' },
      { feature: 'inpaint', component: 'vae_encoder' },
      { feature: 'outpaint', component: 'vae_encoder' },
    ])
    expect(pack.sources.map((s: { repo: string }) => s.repo)).toEqual(['webnn/Z-Image-Turbo', 'Tongyi-MAI/Z-Image-Turbo'])
    // The manifest records every file's SHA-256 as the Hub lists it, and the commit each repo resolved to.
    const manifest = JSON.parse(await readFile(join(modelsDir(), pack.id, 'pack.json'), 'utf8'))
    const listed = app.hub.repos.get('webnn/Z-Image-Turbo')!
    expect(manifest.files['onnx/transformer_model_q4f16.onnx_data'].sha256).toBe(listed.files.get('onnx/transformer_model_q4f16.onnx_data')!.sha256)
    expect(manifest.sources[0].revision).toBe(listed.commit)
    expect(manifest.defaults).toMatchObject({ steps: 8, guidance: 0 })
    expect(await modelsFolder()).toEqual(['webnn--z-image-turbo'])
  })

  it('generates with it: the oracle lands on its closed-form colour', async () => {
    const { document } = await call('documents.openImage', { name: 'kodim03.png', bytes: await readFile(kodakPath(3)) })
    const rect = { x: 64, y: 64, width: 256, height: 256 }
    const { jobId } = await call('generation.generate', { documentId: document.id, prompt: 'a red sofa', rect })
    const job = await finished(jobId)
    expect([job.state, job.error?.message]).toEqual(['done', undefined])
    const generated = (await call('documents.listOpen', {})).find((d) => d.id === document.id)!.layers.at(-1)!
    expect(await app.tilePixel(document.id, generated.id, 64, 64)).toEqual([...decodedColour(zImageTarget(['a', 'red', 'sofa']), 0.3611, 0.1159), 255])
  })

  it('is listed as installed in the catalog', async () => {
    const { entries } = await call('models.catalog', {})
    expect(entries.find((e: { id: string }) => e.id === 'webnn--z-image-turbo')).toMatchObject({ installed: true, enables: ['generate'] })
    expect(entries.find((e: { id: string }) => e.id === 'carve--lama-onnx')).toMatchObject({ installed: false, enables: ['remove'] })
  })
})

/** Generates over a rect of a fresh Kodak document and reads one pixel of the new layer. */
async function generatedPixel(family: 'sd' | 'sdxl', packId: string): Promise<number[]> {
  const { document } = await call('documents.openImage', { name: 'kodim03.png', bytes: await readFile(kodakPath(3)) })
  const rect = { x: 64, y: 64, width: 128, height: 128 }
  const { jobId } = await call('generation.generate', { documentId: document.id, prompt: 'a red sofa', rect, family, packId, guidance: 0 })
  const job = await finished(jobId)
  expect([job.state, job.error?.message]).toEqual(['done', undefined])
  const layer = (await call('documents.listOpen', {})).find((d) => d.id === document.id)!.layers.at(-1)!
  return app.tilePixel(document.id, layer.id, 100, 100)
}

describe('installing Optimum exports of Stable Diffusion by repo id', () => {
  it('SD 1.5: builds the CLIP tokenizer.json from vocab.json and merges.txt, and generates the oracle answer', async () => {
    const pack = await call('models.installFromHub', { repo: 'onnx-community/stable-diffusion-v1-5-ONNX' })
    expect(pack).toMatchObject({ family: 'sd', enables: ['generate', 'edit', 'inpaint', 'outpaint'], lacks: [] })
    expect(pack.files).toEqual(expect.arrayContaining(['unet/model.onnx_data', 'tokenizer/tokenizer.json', 'tokenizer/vocab.json', 'scheduler/scheduler_config.json']))
    expect(pack.files.some((f: string) => f.startsWith('feature_extractor/'))).toBe(false)
    // The prompt's CLIP ids reach the oracle only if the generated tokenizer splits words as CLIP does.
    expect(await generatedPixel('sd', pack.id)).toEqual([...decodedColour(sdTarget(['a', 'red', 'sofa']), 0.18215, 0), 255])
  })

  it('SDXL: both encoders and tokenizers, the second tokenizer padding with "!"', async () => {
    const pack = await call('models.installFromHub', { repo: 'onnx-community/stable-diffusion-xl-base-1.0-ONNX' })
    expect(pack).toMatchObject({ family: 'sdxl', enables: ['generate', 'edit', 'inpaint', 'outpaint'] })
    expect(pack.files).toEqual(expect.arrayContaining(['text_encoder_2/model.onnx_data', 'tokenizer_2/tokenizer.json', 'unet/model.onnx_data']))
    expect(await generatedPixel('sdxl', pack.id)).toEqual([...decodedColour(sdxlTarget(['a', 'red', 'sofa'], 1024, 1024), 0.13025, 0), 255])
  })
})

describe('installing the object removers by repo id and URL', () => {
  it.each([
    ['Carve/LaMa-ONNX', 'carve--lama-onnx', ['lama_fp32.onnx']],
    ['https://huggingface.co/andraniksargsyan/migan', 'andraniksargsyan--migan', ['migan_pipeline_v2.onnx']],
  ])('%s installs with only its pipeline graph and removes an object', async (repo, id, files) => {
    const pack = await call('models.installFromHub', { repo })
    expect([pack.id, pack.files, pack.enables]).toEqual([id, files, ['remove']])
    const { document } = await call('documents.openImage', { name: 'kodim03.png', bytes: await readFile(kodakPath(3)) })
    const box = { x: 600, y: 420, width: 60, height: 40 }
    const mask = { rect: box, alpha: new Uint8Array(box.width * box.height).fill(255) }
    const { jobId } = await call('removal.remove', { documentId: document.id, layerId: 'background', mask, engine: id, grow: 0 })
    const job = await finished(jobId)
    expect([job.state, job.error?.message]).toEqual(['done', undefined])
    const [version] = await call('history.list', { documentId: document.id })
    expect(version).toMatchObject({ operation: 'remove' })
  })
})

describe('refusals that leave nothing installed', () => {
  it('names what an unknown layout has and what each layout needs', async () => {
    const error = await refusal('models.installFromHub', { repo: 'Tongyi-MAI/Z-Image-Turbo' })
    expect(error.code).toBe('pack.unknownLayout')
    expect(error.message).toMatch(/Tongyi-MAI\/Z-Image-Turbo matches no model layout.*transformer\/diffusion_pytorch_model-00001-of-00003\.safetensors/)
    expect(error.message).toMatch(/Z-Image \(webnn ONNX export\): onnx\/text_encoder_model_\*\.onnx.*Optimum ONNX export.*lama_fp32\.onnx.*migan_pipeline_v2\.onnx/)
  })

  it('refuses a repo the Hub does not have, and a string that is no repo id', async () => {
    expect((await refusal('models.installFromHub', { repo: 'nobody/nothing' })).code).toBe('pack.repoNotFound')
    expect((await refusal('models.installFromHub', { repo: 'not a repo' })).code).toBe('pack.repoNotFound')
  })

  it('leaves the models folder with only what installed', async () => {
    expect(await modelsFolder()).toEqual([
      'andraniksargsyan--migan',
      'carve--lama-onnx',
      'onnx-community--stable-diffusion-v1-5-onnx',
      'onnx-community--stable-diffusion-xl-base-1.0-onnx',
      'webnn--z-image-turbo',
    ])
  })
})

describe('the catalog and settings', () => {
  it('installs from the catalog in one call', async () => {
    await call('models.remove', { id: 'carve--lama-onnx' })
    const pack = await call('models.installFromCatalog', { id: 'carve--lama-onnx' })
    expect(pack).toMatchObject({ id: 'carve--lama-onnx', name: 'LaMa (object removal)', family: 'lama', enables: ['remove'] })
  })

  it('opens a gated repo with the saved token, and says so without one', async () => {
    const error = await refusal('models.installFromHub', { repo: 'gated-org/LaMa-ONNX' })
    expect([error.code, error.message]).toEqual(['pack.gated', expect.stringMatching(/save a token/)])
    await call('models.setHubSettings', { token: 'hf_gated_ok' })
    expect(await call('models.installFromHub', { repo: 'gated-org/LaMa-ONNX' })).toMatchObject({ id: 'gated-org--lama-onnx', enables: ['remove'] })
    const downloads = app.hub.requests.filter((r) => r.path.includes('gated-org/LaMa-ONNX/resolve/'))
    expect(downloads.at(-1)?.auth).toBe('Bearer hf_gated_ok')
    await call('models.setHubSettings', { token: null })
  })

  it('keeps the endpoint and a token, and never hands the token back', async () => {
    const settings = await call('models.setHubSettings', { token: 'hf_secret' })
    expect(settings).toEqual({ endpoint: app.hub.url, hasToken: true })
    expect(JSON.stringify(await call('models.hubSettings', {}))).not.toContain('hf_secret')
    expect(await call('models.setHubSettings', { token: null })).toEqual({ endpoint: app.hub.url, hasToken: false })
  })
})
