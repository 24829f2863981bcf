/**
 * Generation through main: a Kodak photo in a real project store, oracle packs in the models folder, the job
 * queue over a real compute host. The masked area changes as the oracle predicts, every pixel outside the mask
 * keeps its bytes, versions record what re-runs them, and bad requests leave the document as it was.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildZImagePack, failingTransformerGraph } from '../../fixtures/oracle'
import { generationHarness, type GenerationHarness } from './harness'
import { decodedColour, zImageTarget } from './oracleAnswers'

let harness: GenerationHarness
let documentId: string

beforeAll(async () => {
  harness = await generationHarness('generation-jobs', async (modelsDir) => {
    await buildZImagePack(join(modelsDir, 'z-image-turbo-oracle'))
    // Sorts after the good pack, which a request naming only the family gets.
    await buildZImagePack(join(modelsDir, 'z-image-zz-failing'), { id: 'z-image-zz-failing', graphs: { transformer: failingTransformerGraph() } })
  })
  documentId = harness.documentId
})

afterAll(() => harness.dispose())

const call = (method: string, input: unknown) => harness.call(method, input)
const events = () => harness.events
const store = () => harness.projects.store(documentId)
const layerPixels = () => store().readLayer(store().head, 'background').rgba

/** An ellipse filling a w×h box at (x, y), 255 inside. */
function ellipseMask(x: number, y: number, width: number, height: number) {
  const alpha = new Uint8Array(width * height).map((_, i) => {
    const [dx, dy] = [((i % width) + 0.5) / width - 0.5, (Math.floor(i / width) + 0.5) / height - 0.5]
    return dx * dx + dy * dy <= 0.25 ? 255 : 0
  })
  return { rect: { x, y, width, height }, alpha }
}

/** Waits for a job to end; resolves to its committed event, or rejects with its error. */
async function finished(jobId: string): Promise<any> {
  await harness.finished(jobId)
  return events().find((e) => e.name === 'version.committed' && e.payload.jobId === jobId)!.payload
}

/** Every pixel where the mask is 0 keeps its bytes; returns how many masked pixels are at least `depth` px inside and match `colour`. */
function checkPaste(before: Buffer, after: Buffer, mask: ReturnType<typeof ellipseMask>, colour: number[], depth: number) {
  const { width } = store().document()
  const inside = (x: number, y: number) => {
    const [mx, my] = [x - mask.rect.x, y - mask.rect.y]
    return mx >= 0 && my >= 0 && mx < mask.rect.width && my < mask.rect.height && mask.alpha[my * mask.rect.width + mx]! > 0
  }
  let changedOutside = 0
  let deep = 0
  let deepMatching = 0
  for (let i = 0; i < before.length / 4; i++) {
    const [x, y] = [i % width, Math.floor(i / width)]
    if (!inside(x, y)) {
      if (before.readUInt32BE(i * 4) !== after.readUInt32BE(i * 4)) changedOutside++
    } else if ([[depth, 0], [-depth, 0], [0, depth], [0, -depth]].every(([dx, dy]) => inside(x + dx!, y + dy!))) {
      deep++
      if ([0, 1, 2].every((c) => Math.abs(after[i * 4 + c]! - colour[c]!) <= 2)) deepMatching++
    }
  }
  return { changedOutside, deep, deepMatching }
}

const x0Colour = decodedColour(zImageTarget(['a', 'red', 'sofa']), 0.3611, 0.1159)

describe('generation jobs on a Kodak photo', () => {
  const mask = ellipseMask(300, 200, 120, 80)

  it('inpaints: the masked area takes the oracle colour, every pixel outside the mask is bit-identical, the version records it all', async () => {
    const before = layerPixels()
    const parent = store().head
    const { jobId } = await call('generation.inpaint', { documentId, layerId: 'background', mask, prompt: 'a red sofa', seed: 11 })
    const committed = await finished(jobId)
    expect(committed).toMatchObject({ documentId, versionId: store().head })
    const result = checkPaste(before, layerPixels(), mask, x0Colour, 12)
    expect(result.changedOutside).toBe(0)
    expect(result.deep).toBeGreaterThan(1000)
    expect(result.deepMatching).toBe(result.deep)

    const version = store().version(store().head)
    expect(version).toMatchObject({ parentId: parent, operation: 'inpaint', prompt: 'a red sofa', negativePrompt: '', seed: 11, modelPack: 'z-image-turbo-oracle', engine: 'z-image turbo' })
    expect(version.maskRef).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(version.durationMs).toBeGreaterThan(0)
    expect(version.params).toMatchObject({ family: 'z-image', steps: 8, guidance: 0, strength: 1, feather: 8, maskBounds: mask.rect, flagged: false })
    const { width, height } = version.params.size as { width: number; height: number }
    expect([width % 16, height % 16]).toEqual([0, 0])
    expect(width * height).toBeGreaterThan(0.9 * 1024 * 1024)
    const steps = events().filter((e) => e.name === 'jobs.progress' && e.payload.jobId === jobId)
    expect(steps).toHaveLength(8)
  })

  it('edits part-way from the photo and pastes only inside the mask', async () => {
    const before = layerPixels()
    const edge = ellipseMask(40, 30, 200, 150)
    const { jobId } = await call('generation.edit', { documentId, layerId: 'background', mask: edge, prompt: 'a red sofa', strength: 0.5 })
    await finished(jobId)
    const result = checkPaste(before, layerPixels(), edge, x0Colour, 12)
    expect(result.changedOutside).toBe(0)
    expect(result.deepMatching).toBe(result.deep)
    expect(store().version(store().head).params).toMatchObject({ strength: 0.5 })
  })

  it('re-runs a version with a new seed as a new version with the same recorded parameters', async () => {
    const original = store().version(store().head)
    const { jobId } = await call('generation.rerun', { documentId, versionId: original.id, seed: 12345 })
    await finished(jobId)
    const rerun = store().version(store().head)
    expect(rerun.parentId).toBe(original.id)
    expect(rerun.seed).toBe(12345)
    const timeless = (v: typeof rerun) => ({ ...v, id: 0, parentId: 0, createdAt: 0, seed: 0, durationMs: 0, params: { ...v.params, modelMs: 0 } })
    expect(timeless(rerun)).toEqual(timeless(original))
  })

  it('generates a new layer over a rect', async () => {
    const rect = { x: 100, y: 50, width: 256, height: 128 }
    const { jobId } = await call('generation.generate', { documentId, prompt: 'a red sofa', rect })
    await finished(jobId)
    const layer = store().layers().at(-1)!
    expect(layer.id).toMatch(/^generated-/)
    const pixels = store().readRegion(store().head, layer.id, rect).rgba
    expect([...pixels.subarray(0, 4)]).toEqual([...x0Colour, 255])
    expect(store().readRegion(store().head, layer.id, { x: 0, y: 0, width: 1, height: 1 }).rgba[3]).toBe(0)
  })

  /** A 10×10 red stroke at (x, y) on the photo, committed as the user's brush commits one. */
  const stroke = (x: number, y: number) =>
    store().commitEdit({ operation: 'paint', layers: [{ layerId: 'background', pixels: { rect: { x, y, width: 10, height: 10 }, rgba: Buffer.alloc(400).fill(Buffer.from([255, 0, 0, 255])) } }] })

  it('pastes onto a head other edits moved while it ran: strokes in other tiles and beside the mask in its tiles stay', async () => {
    const { jobId } = await call('generation.inpaint', { documentId, layerId: 'background', mask, prompt: 'a red sofa', seed: 5 })
    stroke(700, 450)
    // In the 256 px tile the mask's top reaches into, outside the mask: that tile is merged pixel by pixel.
    const { versionId: stroked } = stroke(262, 120)
    const before = layerPixels()
    await finished(jobId)
    expect(store().version(store().head).parentId).toBe(stroked)
    const after = layerPixels()
    const red = (x: number, y: number) => [...after.subarray((y * 768 + x) * 4, (y * 768 + x) * 4 + 4)]
    expect([red(705, 455), red(265, 125)]).toEqual([[255, 0, 0, 255], [255, 0, 0, 255]])
    const result = checkPaste(before, after, mask, x0Colour, 12)
    expect(result.changedOutside).toBe(0)
    expect(result.deepMatching).toBe(result.deep)
  })

  it('refuses to paste over a stroke made inside its area while it ran, with one clear error, committing nothing', async () => {
    // Where no earlier test painted the oracle's colour, so the paste changes the pixels the stroke changes.
    const elsewhere = ellipseMask(500, 300, 100, 80)
    const { jobId } = await call('generation.inpaint', { documentId, layerId: 'background', mask: elsewhere, prompt: 'a red sofa', seed: 6 })
    const { versionId: stroked } = stroke(545, 335)
    await expect(finished(jobId)).rejects.toMatchObject({ code: 'layer.changedMeanwhile' })
    expect(store().head).toBe(stroked)
  })

  it.each([
    ['an empty prompt', 'generation.edit', { prompt: '  ' }, 'generation.emptyPrompt'],
    ['an empty mask', 'generation.inpaint', { mask: { rect: { x: 0, y: 0, width: 4, height: 4 }, alpha: new Uint8Array(16) } }, 'generation.emptyMask'],
    ['a mask outside the layer', 'generation.inpaint', { mask: { rect: { x: 5000, y: 0, width: 4, height: 4 }, alpha: new Uint8Array(16).fill(255) } }, 'generation.maskOutsideLayer'],
    ['a size the pack cannot do', 'generation.inpaint', { size: { width: 1000, height: 1000 } }, 'generation.badSize'],
    ['a family with no pack installed', 'generation.inpaint', { family: 'sd' }, 'pack.notInstalled'],
  ])('refuses %s before queueing, with the document unchanged', async (_name, method, overrides, code) => {
    const [head, versions] = [store().head, store().history().length]
    const input = { documentId, layerId: 'background', mask, prompt: 'a red sofa', ...overrides }
    await expect(call(method, input)).rejects.toMatchObject({ code })
    expect([store().head, store().history().length]).toEqual([head, versions])
  })

  it('names the family to install, and fails a pack that throws mid-run without touching the document', async () => {
    await expect(call('generation.generate', { documentId, prompt: 'a', family: 'sd' })).rejects.toMatchObject({ details: { family: 'sd' }, message: /No sd model pack/ })
    const [head, before] = [store().head, layerPixels()]
    const { jobId } = await call('generation.inpaint', { documentId, layerId: 'background', mask, prompt: 'a red sofa', packId: 'z-image-zz-failing' })
    await expect(finished(jobId)).rejects.toMatchObject({ code: 'compute.failed', message: /z-image-zz-failing pack's transformer failed/ })
    expect(store().head).toBe(head)
    expect(layerPixels().equals(before)).toBe(true)
  })
})
