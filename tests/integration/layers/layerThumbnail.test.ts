/**
 * The history thumbnail of a layer operation on a document larger than a thumbnail: the layers are shrunk before
 * they are composited, so the picture must match the full-size composite shrunk, as the canvas shows it.
 */
import sharp from 'sharp'
import { afterAll, expect, it } from 'vitest'
import { flatten } from '../../../src-main/compute-host/compositing/flatten'
import { makeThumbnail } from '../../../src-main/imaging/thumbnail'
import { gradient, png, rgbaPixels } from '../../fixtures/images'
import { layerThroughApi } from '../../fixtures/layerThroughApi'
import { startApi } from '../../fixtures/apiHarness'

const { call, close } = startApi('layer-thumbnail-')
afterAll(close)

const decoded = async (webp: Uint8Array) => sharp(webp).ensureAlpha().raw().toBuffer({ resolveWithObject: true })

it('a duplicated multiply layer shows twice in the thumbnail of its version, at the thumbnail’s size', async () => {
  let document = (await call('documents.openImage', { name: 'sky.png', bytes: await png(gradient(640, 320), 640, 320) })).document
  const square = await png(rgbaPixels(200, 120, () => [40, 90, 200, 200]), 200, 120)
  document = await call('layers.add', { documentId: document.id, image: { name: 'square.png', bytes: square } })
  const squareId = document.layers.at(-1)!.id
  await call('layers.update', { documentId: document.id, layerId: squareId, changes: { blendMode: 'multiply', offsetX: 301, offsetY: 97 } })
  document = await call('layers.duplicate', { documentId: document.id, layerId: squareId })

  const { bytes } = await call('history.thumbnail', { documentId: document.id, versionId: document.head })
  const thumbnail = await decoded(bytes!)
  expect([thumbnail.info.width, thumbnail.info.height]).toEqual([256, 128])
  const layers = await Promise.all(document.layers.map(async (layer) => ({ ...layer, ...(await layerThroughApi(call, document.id, layer.id)) })))
  const expected = await decoded(await makeThumbnail(await flatten(640, 320, layers), 640, 320))
  let difference = 0
  for (let i = 0; i < expected.data.length; i++) difference += Math.abs(thumbnail.data[i]! - expected.data[i]!)
  // Shrinking before or after compositing differs a little at the square's edges, and WebP is lossy.
  expect(difference / expected.data.length).toBeLessThan(3)
  // The square multiplied twice is darker than once: the copy is in the picture.
  const once = await decoded(await makeThumbnail(await flatten(640, 320, layers.slice(0, 2)), 640, 320))
  const at = (image: typeof once) => image.data[(70 * 256 + 160) * 4]!
  expect(at(thumbnail)).toBeLessThan(at(once) - 20)
})
