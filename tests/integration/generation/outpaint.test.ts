/**
 * Outpainting through main on a Kodak photo with the point-target Z-Image oracle: one version grows the canvas
 * and adds a fill layer; the new area takes the oracle's colour, the fill fades over the seam band only, the
 * photo's own layer keeps every byte (moved with the canvas), and undo gives the old canvas back.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildZImagePack } from '../../fixtures/oracle'
import { generationHarness, type GenerationHarness } from './harness'
import { decodedColour, largestDifference, zImageTarget } from './oracleAnswers'

const ORACLE = decodedColour(zImageTarget(['a', 'red', 'sofa']), 0.3611, 0.1159)

let harness: GenerationHarness
let documentId: string

beforeAll(async () => {
  harness = await generationHarness('outpaint', (modelsDir) => buildZImagePack(join(modelsDir, 'z-image-turbo-oracle')))
  documentId = harness.documentId
})

afterAll(() => harness.dispose())

const store = () => harness.projects.store(documentId)

describe('outpaint', () => {
  it('grows the canvas left and down in one version: the new area is filled, the seam fades, the photo keeps its pixels', async () => {
    const photo = store().readLayer(store().head, 'background').rgba
    const parent = store().head
    const extend = { left: 48, top: 0, right: 0, bottom: 40 }
    const seam = 16
    const { jobId } = await harness.call('generation.outpaint', { documentId, layerId: 'background', prompt: 'a red sofa', extend, seam, seed: 5 })
    await harness.finished(jobId)

    const head = store().head
    expect(store().version(head)).toMatchObject({ parentId: parent, operation: 'outpaint', seed: 5, params: { canvas: { x: -48, y: 0, width: 816, height: 552 } } })
    expect(store().document()).toMatchObject({ width: 816, height: 552 })
    const background = store().layers().find((l) => l.id === 'background')!
    expect([background.offsetX, background.offsetY]).toEqual([48, 0])
    expect(store().readLayer(head, 'background').rgba.equals(photo)).toBe(true)

    const fill = store().layers().at(-1)!
    expect(fill.id).toMatch(/^outpaint-/)
    const pixels = store().readLayer(head, fill.id).rgba
    const at = (x: number, y: number) => [...pixels.subarray((y * 816 + x) * 4, (y * 816 + x) * 4 + 4)]
    // Deep in the new area (left strip, bottom strip, the corner): the oracle's colour, opaque.
    for (const [x, y] of [[10, 100], [400, 545], [5, 548], [47, 300], [500, 512]]) expect(at(x!, y!)).toEqual([...ORACLE, 255])
    // The seam band fades in from the old image's side; beyond it the fill is transparent, so the photo shows as it was.
    expect(at(48 + seam, 300)[3]).toBe(0)
    expect(at(48 + seam / 2, 300)[3]).toBeGreaterThan(0)
    expect(at(48 + seam / 2, 300)[3]).toBeLessThan(255)
    expect(at(48 + 1, 300)[3]).toBeGreaterThan(at(48 + seam - 2, 300)[3]!)
    let opaqueInPhoto = 0
    for (let y = 0; y < 512; y++) for (let x = 48 + seam; x < 816; x++) if (y < 512 - seam && at(x, y)[3] !== 0) opaqueInPhoto++
    expect(opaqueInPhoto).toBe(0)
  })

  it('undo gives the old canvas back with the photo where it was', async () => {
    const outpainted = store().head
    store().undo()
    expect(store().document()).toMatchObject({ width: 768, height: 512 })
    expect(store().layers().find((l) => l.id === 'background')).toMatchObject({ offsetX: 0, offsetY: 0 })
    store().redo()
    expect(store().head).toBe(outpainted)
  })

  it('re-runs from the history with a new seed: on the canvas it grew to it fills the same area again as a new layer; from before it, it grows the canvas', async () => {
    const original = store().version(store().head)
    const [size, layers] = [store().document(), store().layers()]
    await harness.finished((await harness.call('generation.rerun', { documentId, versionId: original.id, seed: 77 })).jobId)
    const refill = store().version(store().head)
    expect(refill).toMatchObject({ parentId: original.id, operation: 'outpaint', seed: 77, prompt: original.prompt, modelPack: original.modelPack })
    expect({ ...refill.params, modelMs: 0 }).toEqual({ ...original.params, modelMs: 0 })
    expect(store().document()).toEqual(size)
    expect(store().layers()).toHaveLength(layers.length + 1)
    // The point-target oracle's colour does not depend on the seed: the new fill covers exactly the old one's pixels.
    const [before, after] = [layers.at(-1)!.id, store().layers().at(-1)!.id].map((id) => store().readLayer(store().head, id).rgba)
    expect(largestDifference(after!, before!)).toBeLessThanOrEqual(1)

    store().undo()
    store().undo()
    expect(store().document()).toMatchObject({ width: 768, height: 512 })
    await harness.finished((await harness.call('generation.rerun', { documentId, versionId: original.id, seed: 78 })).jobId)
    expect(store().version(store().head)).toMatchObject({ operation: 'outpaint', seed: 78, params: { canvas: { x: -48, y: 0, width: 816, height: 552 } } })
    expect(store().document()).toMatchObject({ width: 816, height: 552 })
    expect(store().layers().find((l) => l.id === 'background')).toMatchObject({ offsetX: 48, offsetY: 0 })
  })

  it('a batch of 2 waits staged; accepting both grows the canvas once and adds a fill layer each', async () => {
    const [head, size, layers] = [store().head, store().document(), store().layers().length]
    const start = harness.events.length
    const extend = { left: 0, top: 24, right: 0, bottom: 0 }
    const { jobId } = await harness.call('generation.outpaint', { documentId, layerId: 'background', prompt: 'a red sofa', extend, seam: 8, count: 2, seed: 40 })
    await harness.finished(jobId)
    const staged = harness.events.slice(start).filter((e) => e.name === 'generation.candidate').map((e) => e.payload)
    expect(staged.map((c) => [c.operation, c.seed])).toEqual([['outpaint', 40], ['outpaint', 41]])
    expect([store().head, store().document()]).toEqual([head, size])

    for (const candidate of staged) await harness.call('generation.accept', { documentId, candidateId: candidate.id })
    expect(store().document()).toMatchObject({ width: size.width, height: size.height + 24 })
    expect(store().layers()).toHaveLength(layers + 2)
    for (const _ of staged) store().undo()
    expect([store().head, store().document()]).toEqual([head, size])
  })

  it.each([
    ['no side to grow', { extend: { left: 0, top: 0, right: 0, bottom: 0 } }, 'api.badInput'],
    ['a negative side', { extend: { left: -8, top: 0, right: 0, bottom: 0 } }, 'api.badInput'],
    ['a layer that is not there', { layerId: 'nowhere' }, 'project.layerNotFound'],
  ])('refuses %s, with the document unchanged', async (_name, overrides, code) => {
    const [head, size] = [store().head, store().document()]
    const input = { documentId, layerId: 'background', prompt: 'a', extend: { left: 0, top: 0, right: 32, bottom: 0 }, ...overrides }
    await expect(harness.call('generation.outpaint', input)).rejects.toMatchObject({ code })
    expect([store().head, store().document()]).toEqual([head, size])
  })
})
