/**
 * A recipe with an AI edit, recorded from a hand edit on an oracle Z-Image pack with a fixed seed and started from
 * the batch panel's API: the batch's output has the very pixels of the hand edit's export.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { BatchInfo, Recipe } from '../../../src-shared/contract'
import { startApi } from '../../fixtures/apiHarness'
import { kodakPath } from '../../fixtures/evalSet'
import { buildZImagePack } from '../../fixtures/oracle'

let api: ReturnType<typeof startApi>
let documentId: string
let recipe: Recipe

const box = { x: 200, y: 150, width: 240, height: 160 }
const SEED = 4242

beforeAll(async () => {
  api = startApi('batch-ai-')
  await buildZImagePack(join(api.modelsDir, 'z-image-turbo-oracle'))
  documentId = (await api.call('documents.openImage', { name: 'kodim03.png', bytes: readFileSync(kodakPath(3)) })).document.id
  const mask = { rect: box, alpha: new Uint8Array(box.width * box.height).fill(255) }
  const { jobId } = await api.call('generation.edit', { documentId, layerId: 'background', mask, prompt: 'a red sofa', strength: 0.5, seed: SEED })
  expect((await api.finished(jobId)).state).toBe('done')
  const outputs = [{ width: 768, height: 512, format: 'png' as const, fit: 'stretch' as const, naming: '{name}_edited.{ext}' }]
  recipe = (await api.call('batch.recipeFromHistory', { documentId, name: 'red sofa', outputs })).recipe
}, 120_000)

afterAll(() => api.close())

const raw = async (input: string | Uint8Array) => (await sharp(input).ensureAlpha().raw().toBuffer({ resolveWithObject: true })).data

it('records the edit with its prompt, pack and fixed seed', () => {
  expect(recipe.steps).toEqual([
    expect.objectContaining({ op: 'edit', prompt: 'a red sofa', family: 'z-image', packId: 'z-image-turbo-oracle', strength: 0.5, seed: { policy: 'fixed', seed: SEED } }),
  ])
  // A solid box is kept as its rectangle alone, so it replays to the very pixels it covered.
  expect(recipe.steps[0]!.op === 'edit' && recipe.steps[0]!.mask).toEqual({ rect: { x: 200 / 768, y: 150 / 512, width: 240 / 768, height: 160 / 512 } })
})

it('gives the same pixels as the edit done by hand', async () => {
  const byHand = await raw((await api.call('documents.export', { documentId, format: 'png' })).bytes)
  const outDir = join(api.dataDir, 'out')
  const started = await api.call('batch.start', { recipe, inputs: [kodakPath(3)], outDir })
  let info: BatchInfo = started
  while (info.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 100))
    info = (await api.call('batch.list', {})).batches.find((batch) => batch.id === started.id)!
  }
  expect([info.state, info.counts.done]).toEqual(['done', 1])
  const [item] = (await api.call('batch.items', { batchId: started.id })).items
  expect(item!.outputs[0]!.path).toBe(join(outDir, 'kodim03_edited.png'))
  const batched = await raw(item!.outputs[0]!.path)
  expect(batched.equals(byHand)).toBe(true)
  // The edit did change the photo, so equal pixels mean the same edit, not none.
  expect(batched.equals(await raw(kodakPath(3)))).toBe(false)
  expect((await api.call('batch.thumbnail', { batchId: started.id, index: item!.index })).bytes).toBeInstanceOf(Uint8Array)
})

it('follows the recipe’s prompt: another gives other pixels (the oracle’s answer depends on the prompt, not the seed)', async () => {
  const [edit] = recipe.steps
  const reseeded = { ...recipe, steps: [{ ...edit!, prompt: 'a green lamp' }] } as Recipe
  const outDir = join(api.dataDir, 'out-reseeded')
  const started = await api.call('batch.start', { recipe: reseeded, inputs: [kodakPath(3)], outDir })
  let info: BatchInfo = started
  while (info.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 100))
    info = (await api.call('batch.list', {})).batches.find((batch) => batch.id === started.id)!
  }
  const byHand = await raw((await api.call('documents.export', { documentId, format: 'png' })).bytes)
  expect((await raw(join(outDir, 'kodim03_edited.png'))).equals(byHand)).toBe(false)
})
