/**
 * Whole-layer work reads its layers in the compute host, never on main's thread (issue 15): through the real API,
 * project store and compute host, main's ProjectStore and TileStore are watched while the free transform, the PSD,
 * a drag, Apply mask, a mask from a selection, Remove background, an inpaint, a history thumbnail, click to segment
 * and Select subject run. Main may read the stack and
 * grids, store the tiles the host made and commit them; it must not read a region of a layer (readLayer, readShown),
 * inflate a tile, or commit raw pixels (which it would hash and deflate). Each result is checked against a closed
 * form or the engine's own output, so moving the reads changed nothing the user sees.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { flatten } from '../../../src-main/compute-host/compositing/flatten'
import { warp } from '../../../src-main/compute-host/engines/warp/warp'
import { ProjectStore, type Edit } from '../../../src-main/documents/project'
import { TileStore } from '../../../src-main/documents/project/TileStore'
import { makeThumbnail } from '../../../src-main/imaging/thumbnail'
import type { DocumentInfo } from '../../../src-shared/contract'
import { startApi } from '../../fixtures/apiHarness'
import { maskIoU, objectComposite } from '../../fixtures/composites'
import { gradient, png } from '../../fixtures/images'
import { isnetFolder } from '../../fixtures/isnet'
import { layerThroughApi } from '../../fixtures/layerThroughApi'
import { buildZImagePack } from '../../fixtures/oracle'
import { samRepoFiles } from '../../fixtures/oracle/sam'
import { decodedColour, zImageTarget } from '../generation/oracleAnswers'
import { readPsdInNode } from '../../fixtures/psd'

const harness = startApi('whole-layer-reads-')
const { call } = harness
afterAll(harness.close)

/** Several tiles each way (256 px tiles), the last ones narrower. */
const WIDTH = 600
const HEIGHT = 400
/** The layer mask: shows the left 350 columns, hides the rest. */
const maskAlpha = (x: number) => (x < 350 ? 255 : 0)

let document: DocumentInfo
const layerId = () => document.layers[0]!.id
const pixels = (mask = false) => layerThroughApi(call, document.id, layerId(), mask)

/** What main's thread did while `action` ran that only whole-layer work needs; all zero when the host did it. */
async function onMainThread<T>(action: () => Promise<T>): Promise<{ result: T; work: { regionReads: number; tileInflates: number; rawPixelsCommitted: number } }> {
  const reads = vi.spyOn(ProjectStore.prototype, 'readRegion')
  const inflates = vi.spyOn(TileStore.prototype, 'read')
  const commits = vi.spyOn(ProjectStore.prototype, 'commitEdit')
  try {
    const result = await action()
    const edits = commits.mock.calls.map(([edit]) => edit as Edit)
    const raw = edits.flatMap((edit) => edit.layers.flatMap((layer) => [layer.pixels, layer.mask?.pixels])).filter((p) => p !== undefined && !('grid' in p))
    return { result, work: { regionReads: reads.mock.calls.length, tileInflates: inflates.mock.calls.length, rawPixelsCommitted: raw.length } }
  } finally {
    reads.mockRestore()
    inflates.mockRestore()
    commits.mockRestore()
  }
}
const none = { regionReads: 0, tileInflates: 0, rawPixelsCommitted: 0 }

beforeAll(async () => {
  await buildZImagePack(join(harness.modelsDir, 'z-image-turbo-oracle'))
  document = (await call('documents.openImage', { name: 'garden.png', bytes: await png(gradient(WIDTH, HEIGHT), WIDTH, HEIGHT) })).document
  const alpha = Uint8Array.from({ length: WIDTH * HEIGHT }, (_, i) => maskAlpha(i % WIDTH))
  document = await call('layers.mask', { documentId: document.id, layerId: layerId(), action: 'add', alpha: { rect: { x: 0, y: 0, width: WIDTH, height: HEIGHT }, alpha } })
})

describe('whole-layer work reads in the compute host, not on main’s thread', () => {
  it('free transform: a quarter turn of the layer and its mask, exact', async () => {
    const before = await pixels()
    // x' = y + 100, y' = −x + 600: a quarter turn anticlockwise; layer pixel (i, j) after shows (599 − j, i) before.
    const { result, work } = await onMainThread(() => call('layers.transform', { documentId: document.id, layerId: layerId(), matrix: [0, -1, 1, 0, 100, 600] }))
    document = result
    const [turned, turnedMask] = [await pixels(), await pixels(true)]
    document = await call('history.undo', { documentId: document.id })
    expect(work).toEqual(none)
    expect(result.layers[0]).toMatchObject({ width: HEIGHT, height: WIDTH, offsetX: 100, offsetY: 0, mask: { enabled: true } })
    for (let j = 0; j < WIDTH; j += 7) {
      for (let i = 0; i < HEIGHT; i += 5) {
        const source = (i * WIDTH + (WIDTH - 1 - j)) * 4
        expect([...turned.rgba.subarray((j * HEIGHT + i) * 4, (j * HEIGHT + i) * 4 + 4)]).toEqual([...before.rgba.subarray(source, source + 4)])
        expect(turnedMask.rgba[(j * HEIGHT + i) * 4 + 3]).toBe(maskAlpha(WIDTH - 1 - j))
      }
    }
  })

  it('PSD: every layer and its mask as the project holds them', async () => {
    const { result, work } = await onMainThread(() => call('documents.exportPsd', { documentId: document.id }))
    expect(work).toEqual(none)
    const [layer] = readPsdInNode(result.bytes).children!
    expect(Buffer.from(layer!.imageData!.data.buffer).equals((await pixels()).rgba)).toBe(true)
    const grey = layer!.mask!.imageData!.data
    expect([grey[0], grey[4 * 349], grey[4 * 350], grey[4 * (WIDTH * HEIGHT - 1)]]).toEqual([255, 255, 0, 0])
  })

  it('a drag over the whole layer: the engine’s own pixels', async () => {
    const before = await pixels()
    const drag = { handles: [{ x: 300, y: 200 }], targets: [{ x: 330, y: 215 }], pins: [{ x: 20, y: 20 }, { x: 580, y: 380 }], mode: 'similarity' as const }
    const noContext = { progress: () => {}, checkpoint: async () => {} }
    const expected = await warp({ width: WIDTH, height: HEIGHT, rgba: before.rgba, ...drag, fill: false }, noContext)
    const { work } = await onMainThread(async () => {
      const { jobId } = await call('warp.apply', { documentId: document.id, layerId: layerId(), ...drag, fill: false })
      expect((await harness.finished(jobId)).state).toBe('done')
    })
    const warped = await pixels()
    document = await call('history.undo', { documentId: document.id })
    expect(work).toEqual(none)
    expect(warped.rgba.equals(Buffer.from(expected.rgba))).toBe(true)
  })

  it('a history thumbnail of a version without one: the composite shrunk', async () => {
    document = await call('layers.update', { documentId: document.id, layerId: layerId(), changes: { opacity: 0.5 } })
    const { result, work } = await onMainThread(() => call('history.thumbnail', { documentId: document.id, versionId: document.head }))
    const layer = { ...document.layers[0]!, ...(await pixels()) }
    document = await call('history.undo', { documentId: document.id })
    expect(work).toEqual(none)
    const shown = Buffer.from(layer.rgba)
    for (let i = 3; i < shown.length; i += 4) shown[i] = Math.round((shown[i]! * maskAlpha(((i - 3) / 4) % WIDTH)) / 255)
    const expected = await sharp(await makeThumbnail(await flatten(WIDTH, HEIGHT, [{ ...layer, rgba: shown }]), WIDTH, HEIGHT)).ensureAlpha().raw().toBuffer()
    const thumbnail = await sharp(result.bytes!).ensureAlpha().raw().toBuffer()
    expect(thumbnail.length).toBe(expected.length)
    let difference = 0
    for (let i = 0; i < expected.length; i++) difference += Math.abs(thumbnail[i]! - expected[i]!)
    // Shrinking before or after compositing differs a little at the mask's edge, and WebP is lossy.
    expect(difference / expected.length).toBeLessThan(3)
  })

  it('Apply mask: the mask’s alpha multiplied into the layer’s, exact', async () => {
    const before = await pixels()
    const { result, work } = await onMainThread(() => call('layers.mask', { documentId: document.id, layerId: layerId(), action: 'apply' }))
    const applied = await pixels()
    document = await call('history.undo', { documentId: document.id })
    expect(work).toEqual(none)
    expect(result.layers[0]!.mask).toBeUndefined()
    for (let i = 0; i < WIDTH * HEIGHT; i++) {
      const alpha = Math.round((before.rgba[i * 4 + 3]! * maskAlpha(i % WIDTH)) / 255)
      if (applied.rgba[i * 4 + 3] !== alpha || applied.rgba.readUIntLE(i * 4, 3) !== before.rgba.readUIntLE(i * 4, 3)) throw new Error(`pixel ${i} differs`)
    }
  })

  /** A selection of the box (x, y, w, h) of the document, 255 inside, 0 elsewhere. */
  const boxSelection = (x: number, y: number, width: number, height: number) => ({
    rect: { x: 0, y: 0, width: WIDTH, height: HEIGHT },
    alpha: Uint8Array.from({ length: WIDTH * HEIGHT }, (_, i) => (i % WIDTH >= x && i % WIDTH < x + width && Math.floor(i / WIDTH) >= y && Math.floor(i / WIDTH) < y + height ? 255 : 0)),
  })

  it('a layer mask from a selection: the selection’s alpha, white, hiding outside it', async () => {
    const { work } = await onMainThread(() => call('layers.mask', { documentId: document.id, layerId: layerId(), action: 'add', alpha: boxSelection(100, 50, 300, 200) }))
    const mask = await pixels(true)
    document = await call('history.undo', { documentId: document.id })
    expect(work).toEqual(none)
    const at = (x: number, y: number) => [...mask.rgba.subarray((y * WIDTH + x) * 4, (y * WIDTH + x) * 4 + 4)]
    expect([at(120, 60), at(50, 60), at(420, 260)]).toEqual([[255, 255, 255, 255], [255, 255, 255, 0], [255, 255, 255, 0]])
  })

  it('Remove background trimmed to the subject over a colour: the canvas, the layer’s part, its mask and the colour layer', async () => {
    const before = await pixels()
    const { result, work } = await onMainThread(() =>
      call('layers.removeBackground', { documentId: document.id, layerId: layerId(), mask: boxSelection(100, 50, 300, 200), background: { kind: 'colour', colour: '#00ff00', name: 'Green' }, trim: { padding: 10 } }),
    )
    expect(work).toEqual(none)
    expect([result.width, result.height]).toEqual([320, 220])
    const [green, subject] = result.layers
    expect(green!.name).toBe('Green')
    const subjectPixels = await layerThroughApi(call, document.id, subject!.id)
    const subjectMask = await layerThroughApi(call, document.id, subject!.id, true)
    const greenPixels = await layerThroughApi(call, document.id, green!.id)
    document = await call('history.undo', { documentId: document.id })
    // Layer pixel (x, y) is the photo's (x + 90, y + 40); the mask shows from 10 px in, and the colour is flat.
    expect(subjectPixels.rgba.subarray(0, 320 * 4).equals(before.rgba.subarray((40 * WIDTH + 90) * 4, (40 * WIDTH + 90 + 320) * 4))).toBe(true)
    expect([subjectMask.rgba[(5 * 320 + 5) * 4 + 3], subjectMask.rgba[(15 * 320 + 15) * 4 + 3]]).toEqual([0, 255])
    expect(greenPixels.rgba.equals(Buffer.alloc(320 * 220 * 4, Buffer.from([0, 255, 0, 255])))).toBe(true)
  })

  it('an inpaint over the whole layer: what the model sees read, and its result pasted and tiled, by the host', async () => {
    const whole = { rect: { x: 0, y: 0, width: WIDTH, height: HEIGHT }, alpha: new Uint8Array(WIDTH * HEIGHT).fill(255) }
    const { work } = await onMainThread(async () => {
      const { jobId } = await call('generation.inpaint', { documentId: document.id, layerId: layerId(), mask: whole, prompt: 'a red sofa', seed: 1, feather: 0 })
      expect((await harness.finished(jobId)).state).toBe('done')
    })
    const painted = await pixels()
    document = await call('history.undo', { documentId: document.id })
    expect(work).toEqual(none)
    const colour = decodedColour(zImageTarget(['a', 'red', 'sofa']), 0.3611, 0.1159)
    const centre = ((HEIGHT / 2) * WIDTH + WIDTH / 2) * 4
    for (let c = 0; c < 3; c++) expect(Math.abs(painted.rgba[centre + c]! - colour[c]!)).toBeLessThanOrEqual(2)
  })

  it('click to segment: the SAM oracle’s disc, the image read by the host', async () => {
    const folder = join(harness.dataDir, 'MobileSAM')
    await mkdir(folder, { recursive: true })
    for (const [name, bytes] of Object.entries(samRepoFiles())) await writeFile(join(folder, name), bytes)
    await call('models.installFromFolder', { folder })
    const { result, work } = await onMainThread(() => call('segmentation.point', { documentId: document.id, layerId: 'visible', points: [{ x: 300, y: 200, positive: true }] }))
    expect(work).toEqual(none)
    expect(result.encoderRuns).toBe(1)
    expect(result.mask.rect).toEqual({ x: 0, y: 0, width: WIDTH, height: HEIGHT })
    expect(result.mask.alpha[200 * WIDTH + 300]).toBe(255)
    expect(result.mask.alpha[0]).toBe(0)
  })

  it('Select subject: ISNet’s mask of the visible picture', async () => {
    await call('models.installFromFolder', { folder: await isnetFolder(join(harness.dataDir, 'isnet')) })
    const composite = await objectComposite(3, 'plain')
    const opened = (await call('documents.openImage', { name: 'composite.png', bytes: await composite.png() })).document
    const { result, work } = await onMainThread(() => call('segmentation.subject', { documentId: opened.id, layerId: 'visible' }))
    expect(work).toEqual(none)
    expect(maskIoU(result.mask.alpha, composite.alpha)).toBeGreaterThanOrEqual(0.9)
  }, 300_000)
})
