/**
 * The layers panel's operations through `dispatch` with a real project store and compute host: each is one version
 * named after it, undo gives back the stack before it, and every bad request is refused with no version added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flatten } from '../../../src-main/compute-host/compositing/flatten'
import { decodeImage } from '../../../src-main/imaging/decode'
import { makeThumbnail } from '../../../src-main/imaging/thumbnail'
import type { DocumentInfo, ErrorCode, LayerInfo, MethodInput, MethodName } from '../../../src-shared/contract'
import { gradient, png, pngClaimingSize, rgbaPixels } from '../../fixtures/images'
import { layerThroughApi } from '../../fixtures/layerThroughApi'
import { startApi } from '../../fixtures/apiHarness'

const { call, refusal, close } = startApi('layer-operations-')
afterAll(close)

const WIDTH = 40
const HEIGHT = 30
let document: DocumentInfo

beforeAll(async () => {
  document = (await call('documents.openImage', { name: 'garden.png', bytes: await png(gradient(WIDTH, HEIGHT), WIDTH, HEIGHT) })).document
})

const documentId = () => document.id
const pixelsOf = (layerId: string) => layerThroughApi(call, documentId(), layerId)
const names = (info: DocumentInfo) => info.layers.map((layer) => layer.name)
const layerNamed = (info: DocumentInfo, name: string): LayerInfo => info.layers.find((layer) => layer.name === name)!

/** Runs an operation and checks it added exactly one version, named `operation`, whose parent was the old head. */
async function oneVersion<M extends MethodName>(method: M, input: MethodInput<M>, operation: string): Promise<DocumentInfo> {
  const before = await call('history.list', { documentId: documentId() })
  const after = (await call(method, input)) as DocumentInfo
  const history = await call('history.list', { documentId: documentId() })
  expect(history).toHaveLength(before.length + 1)
  const version = await call('history.version', { documentId: documentId(), versionId: after.head })
  expect(version).toMatchObject({ operation, parentId: document.head })
  document = after
  return after
}

/** Runs a request that must be refused with `code`, and checks the head and history did not move. */
async function refused<M extends MethodName>(method: M, input: MethodInput<M>, code: ErrorCode): Promise<void> {
  const before = await call('history.list', { documentId: documentId() })
  expect((await refusal(method, input)).code).toBe(code)
  expect(await call('history.list', { documentId: documentId() })).toEqual(before)
  expect((await call('documents.listOpen', {})).find((d) => d.id === documentId())!.layers).toEqual(document.layers)
}

/** Undo takes the stack back to `previous`; redo returns to the state the operation made. */
async function undoRestores(previous: DocumentInfo): Promise<void> {
  const after = document
  expect((await call('history.undo', { documentId: documentId() })).layers).toEqual(previous.layers)
  expect((await call('history.redo', { documentId: documentId() })).layers).toEqual(after.layers)
}

/** The history's thumbnail of the head is the picture the canvas shows: the visible rasters composited, as a thumbnail. */
async function expectThumbnailShows(info: DocumentInfo): Promise<void> {
  const { bytes } = await call('history.thumbnail', { documentId: documentId(), versionId: info.head })
  const visible = info.layers.filter((layer) => layer.kind === 'raster' && layer.visible)
  const composite = await flatten(info.width, info.height, await Promise.all(visible.map(async (layer) => ({ ...layer, ...(await pixelsOf(layer.id)) }))))
  expect(bytes && Buffer.from(bytes).equals(await makeThumbnail(composite, info.width, info.height))).toBe(true)
}

describe('layer operations through the API', () => {
  it('adds an empty raster layer on top, transparent at the document size', async () => {
    const before = document
    const after = await oneVersion('layers.add', { documentId: documentId() }, 'layer.add')
    expect(names(after)).toEqual(['Background', 'Layer 2'])
    const added = after.layers[1]!
    expect(added).toMatchObject({ kind: 'raster', width: WIDTH, height: HEIGHT, offsetX: 0, offsetY: 0, opacity: 1, blendMode: 'normal' })
    expect((await pixelsOf(added.id)).rgba.every((byte) => byte === 0)).toBe(true)
    const version = await call('history.version', { documentId: documentId(), versionId: after.head })
    expect(version.params).toMatchObject({ layerId: added.id, kind: 'raster', name: 'Layer 2' })
    await undoRestores(before)
  })

  it('adds a layer from an image file at its own size at 0,0, named after the file', async () => {
    const bytes = await png(gradient(60, 12, true), 60, 12)
    const after = await oneVersion('layers.add', { documentId: documentId(), image: { name: 'sticker.png', bytes }, position: 1 }, 'layer.add')
    expect(names(after)).toEqual(['Background', 'sticker', 'Layer 2'])
    expect(after.layers[1]).toMatchObject({ width: 60, height: 12, offsetX: 0, offsetY: 0 })
    expect((await pixelsOf(after.layers[1]!.id)).rgba.equals((await decodeImage(bytes)).rgba)).toBe(true)
  })

  it('adds a mask layer where asked', async () => {
    const after = await oneVersion('layers.add', { documentId: documentId(), kind: 'mask', position: 0 }, 'layer.add')
    expect(after.layers[0]).toMatchObject({ kind: 'mask', name: 'Mask 1' })
  })

  it('updates properties as one version, and a change to the same values as none', async () => {
    const before = document
    const layer = layerNamed(document, 'Layer 2')
    const changes = { name: 'Shadow', opacity: 0.5, blendMode: 'multiply', offsetX: -3, offsetY: 4 } as const
    const after = await oneVersion('layers.update', { documentId: documentId(), layerId: layer.id, changes }, 'layer.update')
    expect(after.layers.find((l) => l.id === layer.id)).toMatchObject(changes)
    expect((await call('history.version', { documentId: documentId(), versionId: after.head })).params).toEqual({ layerId: layer.id, changes })
    await undoRestores(before)

    const head = document.head
    expect((await call('layers.update', { documentId: documentId(), layerId: layer.id, changes })).head).toBe(head)
  })

  it('duplicates a layer just above it, pixels and properties alike', async () => {
    const before = document
    const source = layerNamed(document, 'sticker')
    const after = await oneVersion('layers.duplicate', { documentId: documentId(), layerId: source.id }, 'layer.duplicate')
    const index = after.layers.findIndex((l) => l.id === source.id)
    const copy = after.layers[index + 1]!
    expect(copy.id).not.toBe(source.id)
    expect(copy).toMatchObject({ ...source, id: copy.id, name: 'sticker copy' })
    expect((await pixelsOf(copy.id)).rgba.equals((await pixelsOf(source.id)).rgba)).toBe(true)
    await expectThumbnailShows(after)
    await undoRestores(before)
  })

  it('moves a layer to a position in the stack', async () => {
    const before = document
    const layer = layerNamed(document, 'sticker copy')
    const after = await oneVersion('layers.move', { documentId: documentId(), layerId: layer.id, position: 0 }, 'layer.move')
    expect(after.layers[0]!.id).toBe(layer.id)
    expect(after.layers.map((l) => l.id).sort()).toEqual(before.layers.map((l) => l.id).sort())
    await undoRestores(before)
  })

  it('removes a layer', async () => {
    const before = document
    const layer = layerNamed(document, 'sticker copy')
    const after = await oneVersion('layers.remove', { documentId: documentId(), layerId: layer.id }, 'layer.remove')
    expect(after.layers.some((l) => l.id === layer.id)).toBe(false)
    await undoRestores(before)
  })

  it('merges a layer down with its blend mode, opacity and offset, over both layers’ extent', async () => {
    // A half-transparent red square, screened at 60% and shifted up-left past the document's corner.
    const square = await png(rgbaPixels(10, 10, () => [255, 0, 0, 128]), 10, 10)
    let info = await oneVersion('layers.add', { documentId: documentId(), image: { name: 'square.png', bytes: square } }, 'layer.add')
    const upper = info.layers.at(-1)!
    info = await oneVersion('layers.update', { documentId: documentId(), layerId: upper.id, changes: { blendMode: 'screen', opacity: 0.6, offsetX: -5, offsetY: -2 } }, 'layer.update')
    const before = document
    const lower = layerNamed(info, 'Shadow')
    expect(info.layers.at(-2)).toEqual(lower)
    // The lower layer is 'Shadow', 40×30 at (−3, 4): together they span x −5…37 and y −2…34.
    const expected = await flatten(42, 36, [
      { ...(await pixelsOf(lower.id)), offsetX: 2, offsetY: 6, opacity: 1, blendMode: 'normal' },
      { ...(await pixelsOf(upper.id)), offsetX: 0, offsetY: 0, opacity: 0.6, blendMode: 'screen' },
    ])

    const after = await oneVersion('layers.mergeDown', { documentId: documentId(), layerId: upper.id }, 'layer.mergeDown')
    expect(after.layers).toHaveLength(before.layers.length - 1)
    const merged = after.layers.find((l) => l.id === lower.id)!
    expect(merged).toMatchObject({ name: lower.name, opacity: lower.opacity, blendMode: lower.blendMode, offsetX: -5, offsetY: -2, width: 42, height: 36 })
    expect(Buffer.from(expected).equals((await pixelsOf(lower.id)).rgba)).toBe(true)
    expect((await call('history.version', { documentId: documentId(), versionId: after.head })).params).toEqual({ layerId: upper.id, into: lower.id })
    await undoRestores(before)
  })

  it('flattens the visible raster layers into one, as the export shows them, keeping the masks', async () => {
    const before = document
    const hidden = layerNamed(document, 'Shadow')
    await oneVersion('layers.update', { documentId: documentId(), layerId: hidden.id, changes: { visible: false } }, 'layer.update')
    const exported = await call('documents.export', { documentId: documentId(), format: 'png' })
    const after = await oneVersion('layers.flatten', { documentId: documentId() }, 'layer.flatten')
    expect(after.layers.map((l) => [l.kind, l.name])).toEqual([
      ['mask', 'Mask 1'],
      ['raster', 'Background'],
    ])
    expect(after.layers[1]).toMatchObject({ width: WIDTH, height: HEIGHT, offsetX: 0, offsetY: 0, opacity: 1, blendMode: 'normal', visible: true })
    expect((await pixelsOf(after.layers[1]!.id)).rgba.equals((await decodeImage(exported.bytes)).rgba)).toBe(true)
    expect((await call('history.thumbnail', { documentId: documentId(), versionId: after.head })).bytes).not.toBeNull()
    await call('history.undo', { documentId: documentId() })
    document = await call('history.undo', { documentId: documentId() })
    expect(document.layers).toEqual(before.layers)
  })
})

describe('refused layer operations leave the document as it was', () => {
  const missing = { documentId: '', layerId: 'no-such-layer' }
  it.each<[MethodName, Record<string, unknown>]>([
    ['layers.update', { changes: { name: 'x' } }],
    ['layers.duplicate', {}],
    ['layers.remove', {}],
    ['layers.move', { position: 0 }],
    ['layers.mergeDown', {}],
  ])('%s of a layer that does not exist: project.layerNotFound', async (method, extra) => {
    await refused(method, { ...missing, documentId: documentId(), ...extra } as never, 'project.layerNotFound')
  })

  it('a locked layer refuses changes, moves, copies, removal and merging, but can be shown, hidden and unlocked', async () => {
    const layer = layerNamed(document, 'Shadow')
    const input = { documentId: documentId(), layerId: layer.id }
    await oneVersion('layers.update', { ...input, changes: { locked: true } }, 'layer.update')
    await refused('layers.update', { ...input, changes: { name: 'Renamed' } }, 'layer.locked')
    await refused('layers.update', { ...input, changes: { offsetX: 3, visible: true } }, 'layer.locked')
    await refused('layers.move', { ...input, position: 0 }, 'layer.locked')
    await refused('layers.duplicate', input, 'layer.locked')
    await refused('layers.remove', input, 'layer.locked')
    await refused('layers.mergeDown', input, 'layer.locked')
    await refused('layers.flatten', { documentId: documentId() }, 'layer.locked')
    await oneVersion('layers.update', { ...input, changes: { visible: false } }, 'layer.update')
    await oneVersion('layers.update', { ...input, changes: { locked: false, visible: true } }, 'layer.update')
  })

  it('merging onto a locked layer below is refused', async () => {
    const [background, upper] = document.layers.filter((l) => l.kind === 'raster')
    await oneVersion('layers.update', { documentId: documentId(), layerId: background!.id, changes: { locked: true } }, 'layer.update')
    await refused('layers.mergeDown', { documentId: documentId(), layerId: upper!.id }, 'layer.locked')
    await oneVersion('layers.update', { documentId: documentId(), layerId: background!.id, changes: { locked: false } }, 'layer.update')
  })

  it('the bottom raster layer has nothing to merge into, and a mask is never merged', async () => {
    const bottom = document.layers.find((l) => l.kind === 'raster')!
    await refused('layers.mergeDown', { documentId: documentId(), layerId: bottom.id }, 'layer.nothingBelow')
    const mask = document.layers.find((l) => l.kind === 'mask')!
    await refused('layers.mergeDown', { documentId: documentId(), layerId: mask.id }, 'layer.maskMerge')
  })

  it('the last raster layer cannot be removed', async () => {
    const alone = (await call('documents.openImage', { name: 'alone.png', bytes: await png(gradient(8, 8), 8, 8) })).document
    const error = await refusal('layers.remove', { documentId: alone.id, layerId: alone.layers[0]!.id })
    expect(error.code).toBe('layer.lastRaster')
    expect((await call('history.list', { documentId: alone.id })).length).toBe(1)
  })

  it('an image over the pixel limit is refused with image.tooManyPixels', async () => {
    await refused('layers.add', { documentId: documentId(), image: { name: 'huge.png', bytes: pngClaimingSize(20_000, 7_000) } }, 'image.tooManyPixels')
  })

  it('a position above the top of the stack is refused', async () => {
    await refused('layers.add', { documentId: documentId(), position: document.layers.length + 1 }, 'api.badInput')
    const layer = document.layers.at(-1)!
    await refused('layers.move', { documentId: documentId(), layerId: layer.id, position: document.layers.length }, 'api.badInput')
  })

  it('a change with nothing in it is refused by the contract', async () => {
    await refused('layers.update', { documentId: documentId(), layerId: document.layers[0]!.id, changes: {} }, 'api.badInput')
  })
})
