/**
 * Exports of a layered document through the API: the flat export is the compositor's flatten of what the panel
 * shows, and the PSD carries every layer (read back with ag-psd) with that flatten as its composite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flatten } from '../../../src-main/compute-host/compositing/flatten'
import { decodeImage } from '../../../src-main/imaging/decode'
import type { DocumentInfo } from '../../../src-shared/contract'
import { gradient, png, rgbaPixels } from '../../fixtures/images'
import { layerThroughApi } from '../../fixtures/layerThroughApi'
import { startApi } from '../../fixtures/apiHarness'
import { readPsdInNode } from '../../fixtures/psd'

const { call, close } = startApi('layered-export-')
afterAll(close)

let document: DocumentInfo
const pixelsOf = (layerId: string) => layerThroughApi(call, document.id, layerId)

/** A photo, two overlapping images in other blend modes (one shifted past the edge), a hidden layer, a mask. */
beforeAll(async () => {
  document = (await call('documents.openImage', { name: 'poster.webp', bytes: await png(gradient(32, 24), 32, 24) })).document
  const id = document.id
  const add = async (name: string, rgba: Buffer, width: number, height: number) =>
    (await call('layers.add', { documentId: id, image: { name, bytes: await png(rgba, width, height) } })).layers.at(-1)!.id
  const glow = await add('glow.png', gradient(20, 30, true), 20, 30)
  await call('layers.update', { documentId: id, layerId: glow, changes: { blendMode: 'soft-light', opacity: 0.6, offsetX: 18, offsetY: -4 } })
  const tint = await add('tint.png', rgbaPixels(16, 16, (x, y) => [200, 40 + x * 8, 90 + y * 5, 180]), 16, 16)
  await call('layers.update', { documentId: id, layerId: tint, changes: { blendMode: 'hue', offsetX: 4, offsetY: 6, locked: true } })
  const hidden = await add('hidden.png', rgbaPixels(8, 8, () => [0, 255, 0, 255]), 8, 8)
  await call('layers.update', { documentId: id, layerId: hidden, changes: { visible: false, blendMode: 'difference' } })
  document = await call('layers.add', { documentId: id, kind: 'mask', name: 'Sofa', position: 1 })
})

/** What the screen shows: the visible raster layers through the compositor. */
async function expectedComposite(): Promise<Uint8Array> {
  const layers = document.layers.filter((layer) => layer.kind === 'raster' && layer.visible)
  return flatten(document.width, document.height, await Promise.all(layers.map(async (layer) => ({ ...layer, ...(await pixelsOf(layer.id)) }))))
}

describe('layered export', () => {
  it('exports (PNG) the flatten of the visible raster layers, with blend modes, opacity and offsets', async () => {
    const exported = await call('documents.export', { documentId: document.id, format: 'png' })
    expect(exported.fileName).toBe('poster.png')
    expect((await decodeImage(exported.bytes)).rgba.equals(Buffer.from(await expectedComposite()))).toBe(true)
  })

  it('writes a PSD whose layers read back with their names, order, visibility, opacity, blend modes, offsets and pixels', async () => {
    const exported = await call('documents.exportPsd', { documentId: document.id })
    expect([exported.fileName, exported.mimeType]).toEqual(['poster.psd', 'image/vnd.adobe.photoshop'])
    const psd = readPsdInNode(exported.bytes)
    expect([psd.width, psd.height]).toEqual([32, 24])
    const children = psd.children!
    expect(children.map((layer) => layer.name)).toEqual(['Background', 'Mask: Sofa', 'glow', 'tint', 'hidden'])
    expect(children.map((layer) => Boolean(layer.hidden))).toEqual([false, true, false, false, true])
    expect(children.map((layer) => layer.blendMode)).toEqual(['normal', 'normal', 'soft light', 'hue', 'difference'])
    expect(children.map((layer) => [layer.left, layer.top])).toEqual([[0, 0], [0, 0], [18, -4], [4, 6], [0, 0]])
    children.forEach((layer, i) => expect(layer.opacity).toBeCloseTo(document.layers[i]!.opacity, 2))
    expect(children[3]!.protected).toMatchObject({ position: true, composite: true })
    for (const [i, layer] of children.entries()) {
      const expected = await pixelsOf(document.layers[i]!.id)
      expect([layer.imageData!.width, layer.imageData!.height]).toEqual([expected.width, expected.height])
      expect(Buffer.from(layer.imageData!.data.buffer).equals(expected.rgba)).toBe(true)
    }
  })

  it('gives the PSD the flattened picture as its composite image', async () => {
    const psd = readPsdInNode((await call('documents.exportPsd', { documentId: document.id })).bytes, { skipLayerImageData: true })
    expect(Buffer.from(psd.imageData!.data.buffer).equals(Buffer.from(await expectedComposite()))).toBe(true)
  })
})
