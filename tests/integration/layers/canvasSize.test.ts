/**
 * Crop and canvas size through the API: one version that resizes the document, moves every layer, trims what a crop
 * cuts from unlocked layers, exports at the new size, and undoes to the old one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src-main/imaging/decode'
import type { DocumentInfo } from '../../../src-shared/contract'
import { gradient, pixelAt, png, rgbaPixels } from '../../fixtures/images'
import { layerThroughApi } from '../../fixtures/layerThroughApi'
import { startApi } from '../../fixtures/apiHarness'

const { call, refusal, close } = startApi('canvas-size-')
afterAll(close)

let opened: DocumentInfo
let sticker: string
let stamp: string

beforeAll(async () => {
  opened = (await call('documents.openImage', { name: 'garden.png', bytes: await png(gradient(40, 30), 40, 30) })).document
  const tile = rgbaPixels(10, 10, (x, y) => [x * 20, y * 20, 99, 255])
  let info = await call('layers.add', { documentId: opened.id, image: { name: 'sticker.png', bytes: await png(tile, 10, 10) } })
  sticker = info.layers.at(-1)!.id
  info = await call('layers.add', { documentId: opened.id, image: { name: 'stamp.png', bytes: await png(tile, 10, 10) } })
  stamp = info.layers.at(-1)!.id
  opened = await call('layers.update', { documentId: opened.id, layerId: stamp, changes: { locked: true } })
})

const layer = (info: DocumentInfo, id: string) => info.layers.find((l) => l.id === id)!

describe('documents.resizeCanvas', () => {
  it('crops: the document takes the rectangle, unlocked layers keep only what lies inside it', async () => {
    const cropped = await call('documents.resizeCanvas', { documentId: opened.id, rect: { x: 5, y: 4, width: 20, height: 15 } })
    expect([cropped.width, cropped.height]).toEqual([20, 15])
    expect(await call('history.version', { documentId: opened.id, versionId: cropped.head })).toMatchObject({ operation: 'crop', parentId: opened.head })
    const background = cropped.layers[0]!
    expect(background).toMatchObject({ width: 20, height: 15, offsetX: 0, offsetY: 0 })
    const pixels = await layerThroughApi(call, opened.id, background.id)
    const original = gradient(40, 30)
    for (const [x, y] of [[0, 0], [19, 14], [7, 3]] as const) {
      expect(pixelAt(pixels.rgba, 20, x, y)).toEqual(pixelAt(original, 40, x + 5, y + 4))
    }
    // The 10×10 sticker at 0,0 keeps its 5×6 part inside the crop; the locked stamp keeps all of itself, moved.
    expect(layer(cropped, sticker)).toMatchObject({ width: 5, height: 6, offsetX: 0, offsetY: 0 })
    expect(pixelAt((await layerThroughApi(call, opened.id, sticker)).rgba, 5, 0, 0)).toEqual([100, 80, 99, 255])
    expect(layer(cropped, stamp)).toMatchObject({ width: 10, height: 10, offsetX: -5, offsetY: -4 })

    const exported = await call('documents.export', { documentId: opened.id, format: 'png', quality: 90 })
    const image = await decodeImage(exported.bytes)
    expect([image.width, image.height]).toEqual([20, 15])
    expect(pixelAt(image.rgba, 20, 19, 14)).toEqual(pixelAt(original, 40, 24, 18))

    const undone = await call('history.undo', { documentId: opened.id })
    expect([undone.width, undone.height]).toEqual([40, 30])
    expect(undone.layers).toEqual(opened.layers)
  })

  it('extends: the canvas grows on any side and the layers move with the picture, pixels whole', async () => {
    const grown = await call('documents.resizeCanvas', { documentId: opened.id, rect: { x: -8, y: -2, width: 60, height: 32 } })
    expect([grown.width, grown.height]).toEqual([60, 32])
    expect(await call('history.version', { documentId: opened.id, versionId: grown.head })).toMatchObject({ operation: 'canvasSize' })
    expect(grown.layers.map((l) => [l.width, l.height, l.offsetX, l.offsetY])).toEqual([[40, 30, 8, 2], [10, 10, 8, 2], [10, 10, 8, 2]])
    const exported = await decodeImage((await call('documents.export', { documentId: opened.id, format: 'png', quality: 90 })).bytes)
    expect(pixelAt(exported.rgba, 60, 0, 0)[3]).toBe(0)
    expect(pixelAt(exported.rgba, 60, 8 + 39, 2 + 29)).toEqual(pixelAt(gradient(40, 30), 40, 39, 29))
    await call('history.undo', { documentId: opened.id })
  })

  it('the same rectangle is no version, and a rectangle of no size is refused', async () => {
    const before = await call('history.list', { documentId: opened.id })
    await call('documents.resizeCanvas', { documentId: opened.id, rect: { x: 0, y: 0, width: 40, height: 30 } })
    expect((await refusal('documents.resizeCanvas', { documentId: opened.id, rect: { x: 0, y: 0, width: 0, height: 30 } })).code).toBe('api.badInput')
    expect(await call('history.list', { documentId: opened.id })).toEqual(before)
  })

  it('crops a tall layer, cut and sent a row of tiles at a time: every row of the kept part, byte for byte, in order', async () => {
    const [width, height] = [300, 2600]
    const original = gradient(width, height)
    const tall = (await call('documents.openImage', { name: 'tall.png', bytes: await png(original, width, height) })).document
    const rect = { x: 7, y: 130, width: 280, height: 2300 }
    const cropped = await call('documents.resizeCanvas', { documentId: tall.id, rect })
    const pixels = await layerThroughApi(call, tall.id, cropped.layers[0]!.id)
    expect([pixels.width, pixels.height]).toEqual([rect.width, rect.height])
    const expected = Buffer.alloc(rect.width * rect.height * 4)
    for (let y = 0; y < rect.height; y++) {
      expected.set(original.subarray(((y + rect.y) * width + rect.x) * 4, ((y + rect.y) * width + rect.x + rect.width) * 4), y * rect.width * 4)
    }
    expect(pixels.rgba.equals(expected)).toBe(true)
  })
})
