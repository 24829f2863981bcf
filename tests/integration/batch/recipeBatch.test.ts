/**
 * A recipe recorded from one photo's history through the real API (content-aware remove in a fixed corner, pad to
 * square), run by the batch engine with real compute hosts over the 12 Kodak photos and one corrupt file: every
 * output at its size, the corrupt file failed and the rest done, a cancel in the middle resumed after reopening the
 * batch's database doing only what was left, and the originals byte-identical.
 */
import { createApi } from '../../../src-main/api'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BatchRunner } from '../../../src-main/batch/BatchRunner'
import { openBatch } from '../../../src-main/batch/openBatch'
import type { BatchItem, Recipe } from '../../../src-shared/contract'
import { startApi } from '../../fixtures/apiHarness'
import { kodakPath } from '../../fixtures/evalSet'
import { hashFolder, kodakDir, recordCornerRemoval, startCompute, twoSizes } from './batchHarness'

let api: ReturnType<typeof startApi>
let recipe: Recipe
let corruptDir: string

beforeAll(async () => {
  api = startApi('batch-recipe-')
  const { documentId, jobId } = await recordCornerRemoval(api.call, readFileSync(kodakPath(1)))
  expect((await api.finished(jobId)).state).toBe('done')
  await api.call('documents.resizeCanvas', { documentId, rect: { x: 0, y: -128, width: 768, height: 768 } })
  recipe = (await api.call('batch.recipeFromHistory', { documentId, name: 'corner watermark, square', outputs: twoSizes })).recipe
  corruptDir = join(api.dataDir, 'more')
  mkdirSync(corruptDir)
  // A PNG cut short after its header: decoding fails, as a half-copied file does.
  writeFileSync(join(corruptDir, 'broken.png'), readFileSync(kodakPath(2)).subarray(0, 2000))
}, 120_000)

afterAll(() => api.close())

describe('a recipe from the history', () => {
  it('records the removal as fractions of the photo and the pad as a square aspect', () => {
    expect(recipe.steps).toHaveLength(2)
    const [remove, pad] = recipe.steps
    expect(remove).toMatchObject({ op: 'remove', layer: 0, engine: 'content-aware', seed: 7 })
    // The mask's bounds are the box grown by nothing: 668/768 of the width, 12/512 of the height.
    expect(remove!.op === 'remove' && remove!.mask.rect).toEqual({ x: 668 / 768, y: 12 / 512, width: 88 / 768, height: 40 / 512 })
    expect(pad).toEqual({ op: 'padToAspect', aspect: 1, align: { x: 0.5, y: 0.5 } })
  })

  it('refuses a step it cannot express, naming it', async () => {
    const { document } = await api.call('documents.openImage', { name: 'kodim02.png', bytes: readFileSync(kodakPath(2)) })
    await api.call('layers.paint', { documentId: document.id, layerId: 'background', operation: 'brush', rect: { x: 0, y: 0, width: 2, height: 2 }, rgba: new Uint8Array(16).fill(200), params: {} })
    const error = await api.refusal('batch.recipeFromHistory', { documentId: document.id, name: 'strokes', outputs: twoSizes })
    expect(error.code).toBe('batch.stepNotRecordable')
    expect(error.message).toMatch(/\(brush\)/)
  })

  it('checks a recipe file and says what is wrong with a bad one', async () => {
    expect((await api.call('batch.checkRecipe', { json: JSON.stringify(recipe) })).recipe).toEqual(recipe)
    const bad = await api.refusal('batch.checkRecipe', { json: JSON.stringify({ ...recipe, outputs: [] }) })
    expect([bad.code, bad.message]).toEqual(['batch.badRecipe', expect.stringMatching(/outputs/)])
  })
})

describe('the batch over 12 photos and a corrupt file', () => {
  it('cancels in the middle, resumes after reopening with only the rest, and leaves the originals as they were', async () => {
    const before = hashFolder(kodakDir)
    const outDir = join(api.dataDir, 'out')
    const request = { recipe, inputs: [kodakDir, join(corruptDir, 'broken.png')], outDir, workers: 2 }
    const first = openBatch(request)
    const doneFirst: string[] = []
    const finishedFirst: string[] = []
    const runner = new BatchRunner(first.store, {
      workers: 2,
      startCompute,
      createApi,
      modelsDir: api.modelsDir,
      stateDir: first.stateDir,
      onItem: (item) => {
        if (item.status === 'done') doneFirst.push(item.name)
        if (item.status === 'done' || item.status === 'failed') finishedFirst.push(item.name)
        if (doneFirst.length === 4) runner.cancel()
      },
    })
    const stopped = await runner.run()
    expect(stopped.state).toBe('cancelled')
    expect(stopped.counts.done).toBeGreaterThanOrEqual(4)
    expect(stopped.counts.done).toBeLessThan(12)
    expect(stopped.counts.running).toBe(0)
    first.store.close()

    // As after a restart: the same request reopens the same database and runs what is left.
    const second = openBatch(request)
    const startedSecond: string[] = []
    const resumed = await new BatchRunner(second.store, {
      workers: 2,
      startCompute,
      createApi,
      modelsDir: api.modelsDir,
      stateDir: second.stateDir,
      onItem: (item) => item.status === 'running' && startedSecond.push(item.name),
    }).run()
    expect(resumed.state).toBe('done')
    expect(resumed.counts).toMatchObject({ done: 12, failed: 1, pending: 0, skipped: 0 })
    expect(startedSecond.filter((name) => finishedFirst.includes(name))).toEqual([])
    expect(new Set([...finishedFirst, ...startedSecond]).size).toBe(13)
    expect(startedSecond.length).toBe(13 - finishedFirst.length)

    const items = second.store.items()
    const broken = items.find((item) => item.name === 'broken.png')!
    expect([broken.status, broken.error?.code]).toEqual(['failed', 'image.corrupt'])
    const done = items.filter((item) => item.status === 'done')
    for (const item of done) await expectOutputs(item)
    expect(readdirSync(outDir).filter((name) => !name.startsWith('.'))).toHaveLength(24)
    // A project per photo, holding the recipe's steps as its history, to open and touch up.
    expect(done.every((item) => item.project?.endsWith('.zproj') && item.hasThumbnail)).toBe(true)
    second.store.close()

    expect(hashFolder(kodakDir)).toEqual(before)
  }, 600_000)

  it('refuses an output folder that holds an input', async () => {
    expect(() => openBatch({ recipe, inputs: [corruptDir], outDir: join(corruptDir, '..'), workers: 1 })).toThrow(/holds the photo/)
  })
})

/** Both sizes, of the right format; the square padding white in the JPEG and transparent in the PNG. */
async function expectOutputs(item: BatchItem) {
  expect(item.outputs.map((o) => [o.width, o.height, o.format])).toEqual([[800, 800, 'jpeg'], [300, 300, 'png']])
  const jpeg = await sharp(item.outputs[0]!.path).raw().toBuffer({ resolveWithObject: true })
  expect([jpeg.info.width, jpeg.info.height, jpeg.info.format]).toEqual([800, 800, 'raw'])
  const png = await sharp(item.outputs[1]!.path).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  const meta = await sharp(item.outputs[0]!.path).metadata()
  expect(meta.format).toBe('jpeg')
  // Landscape photos are padded above and below, portrait ones left and right: a corner is padding either way.
  expect([...jpeg.data.subarray(0, 3)].every((v) => v >= 250)).toBe(true)
  expect(png.data[3]).toBe(0)
  // The centre is the photo, opaque.
  const centre = (150 * 300 + 150) * 4
  expect(png.data[centre + 3]).toBe(255)
}
