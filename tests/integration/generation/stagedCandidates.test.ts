/**
 * Batches and the staging area through main: a batch of N runs seed after seed in one job, its candidates wait
 * (not versions) until accepted, each accepted one becomes a version whose pixels are the oracle's for its seed,
 * and a flagged result is staged flagged instead of committed. The Gaussian oracle makes every seed's image
 * different and known in closed form.
 */
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildZImagePack, gaussianTransformerGraph, safetyCheckerGraph } from '../../fixtures/oracle'
import { generationHarness, type GenerationHarness } from './harness'
import { gaussianImage, largestDifference } from './oracleAnswers'

const SPREAD = 0.5
const RECT = { x: 40, y: 24, width: 64, height: 48 }

let harness: GenerationHarness
let documentId: string

beforeAll(async () => {
  harness = await generationHarness('staged-candidates', async (modelsDir) => {
    await buildZImagePack(join(modelsDir, 'z-image-gaussian'), { id: 'z-image-gaussian', graphs: { transformer: gaussianTransformerGraph(SPREAD) } })
    // Its checker flags every image (any mean brightness passes −10).
    await buildZImagePack(join(modelsDir, 'z-image-flagging'), { id: 'z-image-flagging', safetyChecker: safetyCheckerGraph(-10) })
    // Noise-like images (all detail) that are all flagged: a blurred preview cannot pass for one.
    await buildZImagePack(join(modelsDir, 'z-image-gaussian-flagging'), { id: 'z-image-gaussian-flagging', graphs: { transformer: gaussianTransformerGraph(SPREAD) }, safetyChecker: safetyCheckerGraph(-10) })
  })
  documentId = harness.documentId
})

afterAll(() => harness.dispose())

const store = () => harness.projects.store(documentId)
const candidates = (jobStart: number) => harness.events.slice(jobStart).filter((e) => e.name === 'generation.candidate').map((e) => e.payload)
const documentState = () => [store().head, store().history().length, store().layers().length]

const oracleImage = (seed: number) => gaussianImage(['a', 'red', 'sofa'], seed, RECT.width, RECT.height, SPREAD)
const worst = largestDifference
const pixelsOf = async (png: Uint8Array) => (await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true })).data

/** Mean absolute difference between horizontal neighbours over the colour channels: detail, which a blur removes. */
function highFrequencyEnergy(rgba: Uint8Array, width: number): number {
  let [sum, n] = [0, 0]
  for (let i = 4; i < rgba.length; i++) {
    if (i % 4 === 3 || (i >> 2) % width === 0) continue
    sum += Math.abs(rgba[i]! - rgba[i - 4]!)
    n++
  }
  return sum / n
}

describe('a batch of candidates in the staging area', () => {
  const batch = { prompt: 'a red sofa', packId: 'z-image-gaussian', rect: RECT, size: { width: RECT.width, height: RECT.height } }

  it('runs 3 incrementing seeds in one job with one progress, stages them without touching the document, commits the accepted ones', async () => {
    const before = documentState()
    const start = harness.events.length
    const { jobId } = await harness.call('generation.generate', { ...batch, documentId, count: 3, seed: 7 })
    await harness.finished(jobId)
    const staged = candidates(start)
    expect(staged.map((c) => [c.seed, c.flagged, c.blurred, c.operation])).toEqual([[7, false, false, 'generate'], [8, false, false, 'generate'], [9, false, false, 'generate']])
    expect(staged.every((c) => JSON.stringify(c.rect) === JSON.stringify(RECT))).toBe(true)
    expect(await sharp(staged[0].preview).metadata()).toMatchObject({ format: 'png', width: RECT.width, height: RECT.height })
    expect(worst(await pixelsOf(staged[0].preview), oracleImage(7))).toBeLessThanOrEqual(1)
    const fractions = harness.events.slice(start).filter((e) => e.name === 'jobs.progress' && e.payload.jobId === jobId).map((e) => e.payload.fraction)
    expect(fractions).toHaveLength(24)
    expect(fractions.at(7)).toBeCloseTo(1 / 3)
    expect(fractions.at(-1)).toBe(1)
    expect(documentState()).toEqual(before)
    expect((await harness.call('generation.staged', { documentId })).candidates.map((c: { seed: number }) => c.seed)).toEqual([7, 8, 9])

    for (const candidate of [staged[0], staged[2]]) {
      const { versionId } = await harness.call('generation.accept', { documentId, candidateId: candidate.id })
      expect(store().head).toBe(versionId)
      const version = store().version(versionId)
      expect(version).toMatchObject({ operation: 'generate', seed: candidate.seed, modelPack: 'z-image-gaussian' })
      const layer = store().layers().at(-1)!
      expect(worst(store().readRegion(versionId, layer.id, RECT).rgba, oracleImage(candidate.seed))).toBeLessThanOrEqual(1)
    }
    expect(store().layers()).toHaveLength(before[2]! + 2)
    // Different seeds, different images: the oracle's answer depends on the noise.
    expect(worst(oracleImage(7), oracleImage(9))).toBeGreaterThan(20)

    const [head, versions] = [store().head, store().history().length]
    await harness.call('generation.discard', { documentId, candidateIds: [staged[1].id] })
    expect((await harness.call('generation.staged', { documentId })).candidates).toEqual([])
    await expect(harness.call('generation.accept', { documentId, candidateId: staged[1].id })).rejects.toMatchObject({ code: 'generation.noCandidate' })
    expect([store().head, store().history().length]).toEqual([head, versions])
  })

  it('cancelling a batch stops it between candidates, keeps those it finished staged, and leaves the document as it was', async () => {
    const before = documentState()
    const start = harness.events.length
    const { jobId } = await harness.call('generation.generate', { ...batch, documentId, count: 8, seed: 100, size: { width: 512, height: 512 } })
    while (candidates(start).length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    harness.jobs.cancel(jobId)
    await expect(harness.finished(jobId)).rejects.toMatchObject({ code: 'compute.cancelled' })
    const staged = candidates(start)
    expect(staged.length).toBeGreaterThanOrEqual(1)
    expect(staged.length).toBeLessThan(8)
    expect(documentState()).toEqual(before)
    await harness.call('generation.discard', { documentId, candidateIds: staged.map((c) => c.id) })
  })

  it('forgets the candidates of a closed document when the next ones are staged', async () => {
    const photo = store().readLayer(store().head, 'background')
    const other = harness.projects.createFromImage('other.png', { ...photo, source: { format: 'png', bitDepth: 8, hadColourProfile: false, orientation: 1 } }, Buffer.alloc(0)).id
    await harness.finished((await harness.call('generation.generate', { ...batch, documentId: other, count: 2, seed: 1 })).jobId)
    expect((await harness.call('generation.staged', { documentId: other })).candidates).toHaveLength(2)
    harness.projects.close(other)
    await harness.finished((await harness.call('generation.generate', { ...batch, documentId, count: 2, seed: 1 })).jobId)
    expect((await harness.call('generation.staged', { documentId: other })).candidates).toEqual([])
    const { candidates } = await harness.call('generation.staged', { documentId })
    await harness.call('generation.discard', { documentId, candidateIds: candidates.map((c: { id: string }) => c.id) })
  })

  it('stages a result the safety checker flags, flagged, instead of committing it; accepting it is the user’s choice', async () => {
    const before = documentState()
    const start = harness.events.length
    const mask = { rect: { x: 200, y: 150, width: 64, height: 64 }, alpha: new Uint8Array(64 * 64).fill(255) }
    const { jobId } = await harness.call('generation.inpaint', { documentId, layerId: 'background', mask, prompt: 'a red sofa', packId: 'z-image-flagging', seed: 3 })
    await harness.finished(jobId)
    const [flagged] = candidates(start)
    expect(flagged).toMatchObject({ flagged: true, seed: 3, operation: 'inpaint' })
    expect(harness.events.slice(start).some((e) => e.name === 'version.committed')).toBe(false)
    expect(documentState()).toEqual(before)

    const { versionId } = await harness.call('generation.accept', { documentId, candidateId: flagged.id })
    expect(store().version(versionId)).toMatchObject({ operation: 'inpaint', seed: 3, params: { flagged: true } })
    // Accepted, it is pasted by a job of its own (listed like its maker) and announced as any job's version, with its changed tiles.
    const accepted = harness.events.slice(start).filter((e) => e.name === 'version.committed').map((e) => e.payload)
    expect(accepted).toMatchObject([{ kind: 'inpaint', documentId, versionId }])
    expect(accepted[0].jobId).not.toBe(jobId)
    expect(harness.jobs.list().find((job) => job.id === accepted[0].jobId)).toMatchObject({ kind: 'inpaint', state: 'done' })
    expect(accepted[0].changedTiles[0].layerId).toBe('background')
  })
  it('sends a flagged candidate’s preview only blurred until the user reveals it; accepting it commits the real pixels', async () => {
    const start = harness.events.length
    const { jobId } = await harness.call('generation.generate', { ...batch, documentId, packId: 'z-image-gaussian-flagging', seed: 21 })
    await harness.finished(jobId)
    const [flagged] = candidates(start)
    expect(flagged).toMatchObject({ flagged: true, blurred: true, seed: 21, rect: RECT })
    const real = oracleImage(21)
    const blurred = await pixelsOf(flagged.preview)
    expect(blurred.length).toBe(real.length)
    expect(highFrequencyEnergy(real, RECT.width)).toBeGreaterThan(8)
    expect(highFrequencyEnergy(blurred, RECT.width)).toBeLessThan(highFrequencyEnergy(real, RECT.width) / 5)
    // Listing the staged candidates again (a reloaded window) gives no way around the blur either.
    const [listed] = (await harness.call('generation.staged', { documentId })).candidates
    expect(Buffer.from(listed.preview).equals(Buffer.from(flagged.preview))).toBe(true)

    const { candidate: revealed } = await harness.call('generation.reveal', { documentId, candidateId: flagged.id })
    expect(revealed).toMatchObject({ id: flagged.id, flagged: true, blurred: false })
    expect(worst(await pixelsOf(revealed.preview), real)).toBeLessThanOrEqual(1)
    expect((await harness.call('generation.staged', { documentId })).candidates[0].blurred).toBe(false)

    const { versionId } = await harness.call('generation.accept', { documentId, candidateId: flagged.id })
    expect(worst(store().readRegion(versionId, store().layers().at(-1)!.id, RECT).rgba, real)).toBeLessThanOrEqual(1)
    await expect(harness.call('generation.reveal', { documentId, candidateId: flagged.id })).rejects.toMatchObject({ code: 'generation.noCandidate' })
  })

  it('previews a masked candidate as accepting it would look: the result inside the mask, the photo around it, over the mask’s crop', async () => {
    const start = harness.events.length
    const mask = { rect: { x: 300, y: 200, width: 64, height: 64 }, alpha: new Uint8Array(64 * 64).fill(255) }
    const { jobId } = await harness.call('generation.inpaint', { documentId, layerId: 'background', mask, prompt: 'a red sofa', packId: 'z-image-gaussian', count: 2, seed: 5, feather: 0 })
    await harness.finished(jobId)
    const [first] = candidates(start)
    const { rect } = first
    expect([rect.x < 300, rect.y < 200, rect.x + rect.width > 364, rect.y + rect.height > 264]).toEqual([true, true, true, true])
    const preview = await sharp(first.preview).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    const photo = store().readRegion(store().head, 'background', rect).rgba
    // Far from the mask the preview is the photo (resampled to the working size and back); inside it, not.
    const at = (buffer: Uint8Array, width: number, x: number, y: number) => [...buffer.subarray((y * width + x) * 4, (y * width + x) * 4 + 3)]
    const scale = preview.info.width / rect.width
    const sample = (x: number, y: number) => at(preview.data, preview.info.width, Math.floor((x - rect.x) * scale), Math.floor((y - rect.y) * scale))
    const photoAt = (x: number, y: number) => at(photo, rect.width, x - rect.x, y - rect.y)
    expect(Math.max(...sample(rect.x + 2, rect.y + 2).map((v, c) => Math.abs(v - photoAt(rect.x + 2, rect.y + 2)[c]!)))).toBeLessThanOrEqual(12)
    let differentInside = 0
    for (let y = 210; y < 254; y += 4) for (let x = 310; x < 354; x += 4) if (Math.max(...sample(x, y).map((v, c) => Math.abs(v - photoAt(x, y)[c]!))) > 30) differentInside++
    expect(differentInside).toBeGreaterThan(60)
    await harness.call('generation.discard', { documentId, candidateIds: candidates(start).map((c) => c.id) })
  })
})
