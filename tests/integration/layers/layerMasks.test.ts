/**
 * Layer masks through the API and the project store: a mask is stored as tiles beside its layer's and recorded in
 * each version (undo brings the previous one back exactly), painted like pixels, switched off, applied, deleted, and
 * every composite (export, flatten, merge, PSD) shows the layer through it while the layer's own pixels stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import type { DocumentInfo } from '../../../src-shared/contract'
import { gradient, pixelAt, png, rgbaPixels } from '../../fixtures/images'
import { layerThroughApi } from '../../fixtures/layerThroughApi'
import { startApi } from '../../fixtures/apiHarness'
import { readPsdInNode } from '../../fixtures/psd'

const { call, refusal, close } = startApi('layer-masks-')
afterAll(close)

const WIDTH = 300
const HEIGHT = 280
/** The subject: a disc in the middle; 255 inside, 0 outside, as Select subject answers in document coordinates. */
const subject = () => {
  const alpha = new Uint8Array(WIDTH * HEIGHT)
  for (let y = 0; y < HEIGHT; y++) for (let x = 0; x < WIDTH; x++) alpha[y * WIDTH + x] = (x - 150) ** 2 + (y - 140) ** 2 < 80 ** 2 ? 255 : 0
  return { rect: { x: 0, y: 0, width: WIDTH, height: HEIGHT }, alpha }
}

let document: DocumentInfo
let photo: Buffer
const layerId = () => document.layers[0]!.id
const exported = async () => {
  const { bytes } = await call('documents.export', { documentId: document.id, format: 'png' })
  return sharp(bytes).ensureAlpha().raw().toBuffer()
}

beforeAll(async () => {
  photo = gradient(WIDTH, HEIGHT)
  document = (await call('documents.openImage', { name: 'cup.png', bytes: await png(photo, WIDTH, HEIGHT) })).document
})

describe('layer masks', () => {
  it('adds a mask from a selection as one version: the export hides what it hides, the pixels and undo stay exact', async () => {
    const before = document.head
    document = await call('layers.mask', { documentId: document.id, layerId: layerId(), action: 'add', alpha: subject() })
    expect(document.head).not.toBe(before)
    expect(document.layers[0]!.mask).toEqual({ enabled: true })
    // The layer's own pixels are untouched; the mask is its own grid of tiles (alpha = the mask).
    expect((await layerThroughApi(call, document.id, layerId())).rgba.equals(photo)).toBe(true)
    const maskGrid = await call('layers.tileGrid', { documentId: document.id, layerId: layerId(), mask: true })
    expect([maskGrid.width, maskGrid.height]).toEqual([WIDTH, HEIGHT])
    const flat = await exported()
    expect(pixelAt(flat, WIDTH, 150, 140)).toEqual(pixelAt(photo, WIDTH, 150, 140))
    expect(pixelAt(flat, WIDTH, 5, 5)[3]).toBe(0)
    expect(pixelAt(flat, WIDTH, 290, 270)[3]).toBe(0)
    const history = await call('history.list', { documentId: document.id })
    expect(history.find((entry) => entry.isHead)?.operation).toBe('layerMask.add')

    document = await call('history.undo', { documentId: document.id })
    expect(document.layers[0]!.mask).toBeUndefined()
    expect((await exported()).equals(photo)).toBe(true)
    document = await call('history.redo', { documentId: document.id })
    expect(document.layers[0]!.mask).toEqual({ enabled: true })
  })

  it('paints the mask as a stroke (only the mask changes), and Shift-click turns it off and on as versions', async () => {
    // Reveal a white square in the hidden corner.
    const rect = { x: 10, y: 10, width: 20, height: 20 }
    const rgba = Buffer.alloc(rect.width * rect.height * 4, 255)
    document = await call('layers.paint', { documentId: document.id, layerId: layerId(), target: 'mask', operation: 'brush', rect, rgba, params: {} })
    expect((await layerThroughApi(call, document.id, layerId())).rgba.equals(photo)).toBe(true)
    let flat = await exported()
    expect(pixelAt(flat, WIDTH, 15, 15)).toEqual(pixelAt(photo, WIDTH, 15, 15))
    expect(pixelAt(flat, WIDTH, 5, 5)[3]).toBe(0)

    document = await call('layers.mask', { documentId: document.id, layerId: layerId(), action: 'disable' })
    expect(document.layers[0]!.mask).toEqual({ enabled: false })
    expect((await exported()).equals(photo)).toBe(true)
    document = await call('layers.mask', { documentId: document.id, layerId: layerId(), action: 'enable' })
    flat = await exported()
    expect(pixelAt(flat, WIDTH, 5, 5)[3]).toBe(0)
  })

  it('refuses to paint a mask a layer lacks, and masks on the AI mask layer', async () => {
    const other = await call('layers.add', { documentId: document.id })
    const added = other.layers.at(-1)!.id
    const rect = { x: 0, y: 0, width: 1, height: 1 }
    expect((await refusal('layers.paint', { documentId: document.id, layerId: added, target: 'mask', operation: 'brush', rect, rgba: Buffer.alloc(4, 255), params: {} })).code).toBe('layer.noMask')
    const withMask = await call('layers.add', { documentId: document.id, kind: 'mask' })
    expect((await refusal('layers.mask', { documentId: document.id, layerId: withMask.layers.at(-1)!.id, action: 'add' })).code).toBe('layer.notRaster')
    document = await call('history.goTo', { documentId: document.id, versionId: document.head - 2 })
  })

  it('carries the mask into the PSD as a layer mask, the layer pixels whole and the composite masked', async () => {
    const { bytes } = await call('documents.exportPsd', { documentId: document.id })
    const psd = readPsdInNode(bytes)
    const layer = psd.children![0]!
    expect(Buffer.from(layer.imageData!.data).equals(photo)).toBe(true)
    const mask = layer.mask!
    expect(mask.imageData).toBeDefined()
    const grey = mask.imageData!.data
    const maskWidth = mask.imageData!.width
    const at = (x: number, y: number) => grey[((y - (mask.top ?? 0)) * maskWidth + (x - (mask.left ?? 0))) * 4]
    expect(at(150, 140)).toBe(255)
    expect(at(15, 15)).toBe(255)
    expect(at(150, 240 - 5)).toBe(0)
    expect(psd.imageData!.data[(5 * WIDTH + 5) * 4 + 3]).toBe(0)
  })

  it('flattens and merges through the mask, and applying it bakes it into the alpha; deleting drops it', async () => {
    const head = document.head
    document = await call('layers.flatten', { documentId: document.id })
    const flat = await layerThroughApi(call, document.id, document.layers[0]!.id)
    expect(document.layers[0]!.mask).toBeUndefined()
    expect(pixelAt(flat.rgba, WIDTH, 5, 5)[3]).toBe(0)
    expect(pixelAt(flat.rgba, WIDTH, 150, 140)).toEqual(pixelAt(photo, WIDTH, 150, 140))
    document = await call('history.goTo', { documentId: document.id, versionId: head })

    // Merge an upper masked layer down: only its shown part lands on the layer below.
    const red = rgbaPixels(WIDTH, HEIGHT, () => [255, 0, 0, 255])
    document = await call('layers.add', { documentId: document.id, image: { name: 'red.png', bytes: await png(red, WIDTH, HEIGHT) } })
    const upper = document.layers.at(-1)!.id
    document = await call('layers.mask', { documentId: document.id, layerId: upper, action: 'add', alpha: { rect: { x: 0, y: 0, width: 10, height: 10 }, alpha: new Uint8Array(100).fill(255) } })
    document = await call('layers.mask', { documentId: document.id, layerId: layerId(), action: 'delete' })
    document = await call('layers.mergeDown', { documentId: document.id, layerId: upper })
    const merged = await layerThroughApi(call, document.id, layerId())
    expect(pixelAt(merged.rgba, WIDTH, 3, 3)).toEqual([255, 0, 0, 255])
    expect(pixelAt(merged.rgba, WIDTH, 150, 140)).toEqual(pixelAt(photo, WIDTH, 150, 140))
    document = await call('history.goTo', { documentId: document.id, versionId: head })

    document = await call('layers.mask', { documentId: document.id, layerId: layerId(), action: 'apply' })
    expect(document.layers[0]!.mask).toBeUndefined()
    const applied = await layerThroughApi(call, document.id, layerId())
    expect(pixelAt(applied.rgba, WIDTH, 5, 5)[3]).toBe(0)
    expect(pixelAt(applied.rgba, WIDTH, 150, 140)).toEqual(pixelAt(photo, WIDTH, 150, 140))
    document = await call('history.undo', { documentId: document.id })
    expect(document.layers[0]!.mask).toEqual({ enabled: true })
  })

  it('crops the mask with its layer, and Remove background makes the mask, a colour layer below and a trim in one version', async () => {
    const start = document.head
    document = await call('documents.resizeCanvas', { documentId: document.id, rect: { x: 50, y: 40, width: 200, height: 200 } })
    const grid = await call('layers.tileGrid', { documentId: document.id, layerId: layerId(), mask: true })
    expect([grid.width, grid.height]).toEqual([200, 200])
    const cropped = await exported()
    expect(pixelAt(cropped, 200, 100, 100)).toEqual(pixelAt(photo, WIDTH, 150, 140))
    expect(pixelAt(cropped, 200, 2, 2)[3]).toBe(0)
    document = await call('history.goTo', { documentId: document.id, versionId: start })
    document = await call('layers.mask', { documentId: document.id, layerId: layerId(), action: 'delete' })

    const before = document.head
    document = await call('layers.removeBackground', {
      documentId: document.id,
      layerId: layerId(),
      mask: subject(),
      background: { kind: 'colour', colour: '#ffffff', name: 'White' },
      trim: { padding: 10 },
    })
    expect(document.head).toBe((await call('history.list', { documentId: document.id })).find((e) => e.operation === 'removeBackground')!.id)
    // The disc spans x and y 71…229 (159 pixels), plus 10 on each side.
    expect([document.width, document.height]).toEqual([179, 179])
    expect(document.layers[0]!.name).toBe('White')
    expect(document.layers[1]!.mask).toEqual({ enabled: true })
    const result = await exported()
    expect(pixelAt(result, 179, 2, 2)).toEqual([255, 255, 255, 255])
    expect(pixelAt(result, 179, 89, 89)).toEqual(pixelAt(photo, WIDTH, 150, 140))
    document = await call('history.undo', { documentId: document.id })
    expect(document.head).toBe(before)
    expect([document.width, document.height]).toEqual([WIDTH, HEIGHT])
    expect((await exported()).equals(photo)).toBe(true)
  })
})
