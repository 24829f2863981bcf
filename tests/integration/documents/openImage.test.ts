import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src-main/imaging/decode'
import { startApi } from '../../fixtures/apiHarness'
import { photoLikeRgba } from '../../fixtures/documents/pixels'
import { gradient, kodak, pixelAt, png16, pngWithOrientation, truncatedJpeg } from '../../fixtures/images'
import { layerThroughApi } from '../../fixtures/layerThroughApi'

/**
 * documents.openImage decodes in the compute host, answers with a preview, and stores the tiles there; the document
 * is then what the old path made: decodeImage's pixels in main, stored as the first version.
 */
describe('opening a photo through the compute host', () => {
  let api: ReturnType<typeof startApi>
  beforeAll(() => {
    api = startApi('open-image-')
  })
  afterAll(() => api.close())

  const open = (name: string, bytes: Uint8Array) => api.call('documents.openImage', { name, bytes })
  const cut = (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.byteLength * 0.9))
  const pixelsOf = async (documentId: string) => layerThroughApi(api.call, documentId, 'background')
  /** How far a preview is from the full decode brought to its size: the mean difference of its channels, 0–255. */
  const meanDifference = async (preview: Uint8Array, full: { width: number; height: number; rgba: Buffer }) => {
    const shown = await sharp(preview).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    const scaled = await sharp(full.rgba, { raw: { width: full.width, height: full.height, channels: 4 } }).resize(shown.info.width, shown.info.height).raw().toBuffer()
    let sum = 0
    for (let i = 0; i < scaled.length; i++) sum += Math.abs(scaled[i]! - shown.data[i]!)
    return sum / scaled.length
  }

  it('stores a Kodak photo with the pixels the old path decoded, byte for byte, and answers a screen-sized preview', async () => {
    const bytes = await kodak(3)
    const { document, preview } = await open('kodim03.png', bytes)
    const expected = await decodeImage(bytes)
    expect([document.width, document.height]).toEqual([expected.width, expected.height])
    const stored = await pixelsOf(document.id)
    expect(stored.rgba.equals(expected.rgba)).toBe(true)
    expect(preview).toBeDefined()
    const shown = await sharp(preview!.bytes).metadata()
    expect([shown.width, shown.height]).toEqual([expected.width, expected.height])
    const [listed] = (await api.call('documents.listOpen', {})).filter((open) => open.id === document.id)
    expect(listed).toEqual(document)
  })

  it('stores a 24 MP JPEG byte for byte, its preview (a scaled decode of the bytes) the photo at 1536 px on its longest side', async () => {
    const rgba = photoLikeRgba(6000, 4000, 5)
    const bytes = await sharp(rgba, { raw: { width: 6000, height: 4000, channels: 4 } }).jpeg({ quality: 90 }).toBuffer()
    const { document, preview } = await open('big.jpg', bytes)
    const expected = await decodeImage(bytes)
    expect([preview!.width, preview!.height]).toEqual([1536, 1024])
    expect(await meanDifference(preview!.bytes, expected)).toBeLessThan(4)
    const stored = await pixelsOf(document.id)
    expect(stored.rgba.equals(expected.rgba)).toBe(true)
  }, 60_000)

  it('answers a turned JPEG at its turned size from the header, preview and stored pixels turned alike', async () => {
    const rgba = photoLikeRgba(1800, 600, 3)
    const bytes = await sharp(rgba, { raw: { width: 1800, height: 600, channels: 4 } }).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer()
    const { document, preview, source } = await open('turned.jpg', bytes)
    expect(source).toMatchObject({ format: 'jpeg', orientation: 6 })
    expect([document.width, document.height]).toEqual([600, 1800])
    expect([preview!.width, preview!.height]).toEqual([512, 1536])
    const expected = await decodeImage(bytes)
    expect(await meanDifference(preview!.bytes, expected)).toBeLessThan(4)
    expect((await pixelsOf(document.id)).rgba.equals(expected.rgba)).toBe(true)
  }, 60_000)

  it('an edit made the moment the photo shows waits for its tiles and then applies', async () => {
    const bytes = await sharp(photoLikeRgba(3000, 2000, 2), { raw: { width: 3000, height: 2000, channels: 4 } }).jpeg().toBuffer()
    const { document } = await open('edit-at-once.jpg', bytes)
    const renamed = await api.call('layers.update', { documentId: document.id, layerId: 'background', changes: { name: 'Renamed' } })
    expect(renamed.head).toBe(2)
    expect(renamed.layers[0]!.name).toBe('Renamed')
    const history = await api.call('history.list', { documentId: document.id })
    expect(history.map((entry) => entry.operation).sort()).toEqual(['layer.update', 'open'].sort())
  }, 60_000)

  it('keeps EXIF orientation and reduces 16-bit samples, as decoding in main did', async () => {
    const stored = gradient(4, 2)
    stored.set([255, 0, 0, 255], 0)
    const rotated = await open('rotated.png', await pngWithOrientation(stored, 4, 2, 6))
    expect([rotated.document.width, rotated.document.height]).toEqual([2, 4])
    expect(rotated.source.orientation).toBe(6)
    expect(pixelAt((await pixelsOf(rotated.document.id)).rgba, 2, 1, 0)).toEqual([255, 0, 0, 255])

    const deep = await open('deep.png', await png16([65535, 65535, 65535, 32896, 32896, 32896, 0, 0, 0, 65535, 0, 25700], 4, 1))
    expect(deep.source.bitDepth).toBe(16)
    expect([...(await pixelsOf(deep.document.id)).rgba]).toEqual([255, 255, 255, 255, 128, 128, 128, 255, 0, 0, 0, 255, 255, 0, 100, 255])
  })

  // JPEG and WebP show from a scaled decode and are decoded in full only by the store, but a scaled decode reads
  // every byte too: a damaged file is refused by the open itself, before any document is answered.
  it.each([
    ['a truncated JPEG', truncatedJpeg],
    ['a truncated progressive JPEG', async () => cut(await sharp(await kodak(2)).jpeg({ progressive: true }).toBuffer())],
    ['a truncated WebP', async () => cut(await sharp(await kodak(2)).webp({ quality: 85 }).toBuffer())],
  ])('refuses %s and leaves no project behind', async (_name, damaged) => {
    const before = (await api.call('documents.listOpen', {})).length
    const refusal = await api.refusal('documents.openImage', { name: 'broken.jpg', bytes: await damaged() })
    expect(refusal.code).toBe('image.corrupt')
    const projectsDir = join(api.dataDir, 'projects')
    const files = existsSync(projectsDir) ? readdirSync(projectsDir) : []
    expect(files.filter((file) => file.startsWith('broken'))).toEqual([])
    expect((await api.call('documents.listOpen', {})).length).toBe(before)
  })
})
