import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { decodeImage } from '../../src-main/imaging/decode'
import { encodeImage } from '../../src-main/imaging/encode'
import { AppError, type ErrorCode } from '../../src-shared/contract'
import { MAX_IMAGE_PIXELS } from '../../src-shared/limits'
import {
  animatedGif,
  avif,
  emptyFile,
  fromRgba,
  gradient,
  kodak,
  losslessWebp,
  pixelAt,
  png,
  png16,
  pngClaimingSize,
  pngWithOrientation,
  pngWithProfile,
  randomBytes,
  rgbaPixels,
  storedRgba,
  svgImage,
  textFile,
  tiff,
  truncatedJpeg,
  type Rgba,
} from '../fixtures/images'

async function decodeError(bytes: Uint8Array, maxPixels?: number): Promise<AppError> {
  const error = await decodeImage(bytes, maxPixels).then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`)
  return error
}

/** The largest difference between two equally long sample arrays. */
function maxDifference(a: Uint8Array, b: Uint8Array): number {
  expect(a.byteLength).toBe(b.byteLength)
  let max = 0
  for (let i = 0; i < a.byteLength; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!))
  return max
}

function meanDifference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < a.byteLength; i++) sum += Math.abs(a[i]! - b[i]!)
  return sum / a.byteLength
}

describe('decodeImage', () => {
  it('decodes a Kodak PNG to exactly the pixels sharp reads, with an opaque alpha channel', async () => {
    const bytes = await kodak(3)
    const image = await decodeImage(bytes)
    const reference = await sharp(bytes).ensureAlpha().raw().toBuffer()
    expect([image.width, image.height]).toEqual([768, 512])
    expect(image.rgba.byteLength).toBe(768 * 512 * 4)
    expect(image.rgba.equals(reference)).toBe(true)
    expect(image.source).toEqual({ format: 'png', bitDepth: 8, hadColourProfile: false, orientation: 1 })
  })

  it.each([
    ['png', png],
    ['tiff', tiff],
    ['webp', losslessWebp],
  ])('decodes a lossless %s with straight alpha exactly', async (format, encode) => {
    const pixels = gradient(13, 7, true)
    const image = await decodeImage(await encode(pixels, 13, 7))
    expect([image.width, image.height, image.source.format]).toEqual([13, 7, format])
    expect(image.rgba.equals(pixels)).toBe(true)
  })

  it('expands greyscale with alpha to RGBA', async () => {
    const grey = rgbaPixels(5, 3, (x, y) => [x * 50, x * 50, x * 50, 255 - y * 100])
    const bytes = await fromRgba(grey, 5, 3).toColourspace('b-w').png().toBuffer()
    expect((await sharp(bytes).metadata()).channels).toBe(2)
    const image = await decodeImage(bytes)
    expect(image.rgba.equals(grey)).toBe(true)
  })

  it('decodes AVIF (HEIF) to the right size and close colours', async () => {
    const pixels = rgbaPixels(16, 16, () => [200, 120, 40, 255])
    const image = await decodeImage(await avif(pixels, 16, 16))
    expect([image.width, image.height, image.source.format]).toEqual([16, 16, 'heif'])
    expect(maxDifference(image.rgba, pixels)).toBeLessThanOrEqual(6)
  })

  it('applies EXIF orientation 6: width and height swap and the image turns 90° clockwise', async () => {
    const [width, height] = [4, 2]
    const stored = gradient(width, height)
    stored.set([255, 0, 0, 255], 0) // top-left is red
    const image = await decodeImage(await pngWithOrientation(stored, width, height, 6))
    expect([image.width, image.height]).toEqual([height, width])
    expect(image.source.orientation).toBe(6)
    // The stored top-left corner is shown at the top right.
    expect(pixelAt(image.rgba, image.width, image.width - 1, 0)).toEqual([255, 0, 0, 255])
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        expect(pixelAt(image.rgba, image.width, x, y)).toEqual(pixelAt(stored, width, y, height - 1 - x))
      }
    }
  })

  describe('colour profiles', () => {
    const colours: Rgba[] = [
      [200, 100, 50, 255],
      [30, 180, 90, 255],
      [90, 60, 220, 255],
      [240, 230, 20, 255],
    ]
    const srgb = rgbaPixels(colours.length, 1, (x) => colours[x]!)

    it('converts a Display P3 image to sRGB', async () => {
      const p3File = await pngWithProfile(srgb, colours.length, 1, 'p3')
      const p3Numbers = await storedRgba(p3File)
      expect(maxDifference(p3Numbers, srgb)).toBeGreaterThan(10) // the fixture really holds P3 numbers
      const image = await decodeImage(p3File)
      expect(image.source.hadColourProfile).toBe(true)
      expect(maxDifference(image.rgba, p3Numbers)).toBeGreaterThan(10)
      expect(maxDifference(image.rgba, srgb)).toBeLessThanOrEqual(2)
    })

    it('leaves the numbers of an sRGB-tagged image unchanged', async () => {
      const srgbFile = await pngWithProfile(srgb, colours.length, 1, 'srgb')
      expect((await storedRgba(srgbFile)).equals(srgb)).toBe(true)
      const image = await decodeImage(srgbFile)
      expect(image.source.hadColourProfile).toBe(true)
      expect(image.rgba.equals(srgb)).toBe(true)
    })
  })

  it('reduces 16-bit samples to 8-bit', async () => {
    const samples = [65535, 65535, 65535, 32896, 32896, 32896, 0, 0, 0, 65535, 0, 25700]
    const image = await decodeImage(await png16(samples, 4, 1))
    expect(image.source.bitDepth).toBe(16)
    expect([...image.rgba]).toEqual([255, 255, 255, 255, 128, 128, 128, 255, 0, 0, 0, 255, 255, 0, 100, 255])
  })

  it('takes only the first frame of an animated GIF', async () => {
    const red: Rgba = [255, 0, 0, 255]
    const blue: Rgba = [0, 0, 255, 255]
    const gif = await animatedGif([red, blue], 4, 3)
    expect((await sharp(gif).metadata()).pages).toBe(2)
    const image = await decodeImage(gif)
    expect([image.width, image.height, image.source.format]).toEqual([4, 3, 'gif'])
    expect(image.rgba.equals(rgbaPixels(4, 3, () => red))).toBe(true)
    // Only one frame counts towards the pixel limit.
    await expect(decodeImage(gif, 12)).resolves.toMatchObject({ width: 4, height: 3 })
  })

  describe('bad input', () => {
    it.each<[string, ErrorCode, () => Uint8Array | Promise<Uint8Array>]>([
      ['an empty file', 'image.empty', emptyFile],
      ['random bytes', 'image.unsupported', () => randomBytes(4096)],
      ['a text file', 'image.unsupported', textFile],
      ['an SVG', 'image.unsupported', svgImage],
      ['a truncated JPEG', 'image.corrupt', truncatedJpeg],
      ['a truncated PNG', 'image.corrupt', async () => (await kodak(1)).subarray(0, 40_000)],
    ])('refuses %s with %s', async (_name, code, make) => {
      const error = await decodeError(await make())
      expect(error.code).toBe(code)
    })

    it('refuses a PNG whose header claims 100000×100000 pixels, quickly and without decoding it', async () => {
      const started = performance.now()
      const error = await decodeError(pngClaimingSize(100_000, 100_000))
      expect(error.code).toBe('image.tooManyPixels')
      expect(performance.now() - started).toBeLessThan(1000)
    })

    it('refuses a header just past the limit, saying the size and the limit', async () => {
      const error = await decodeError(pngClaimingSize(12_000, 10_001))
      expect(error.code).toBe('image.tooManyPixels')
      expect(error.details).toEqual({ width: 12_000, height: 10_001, limit: MAX_IMAGE_PIXELS })
    })

    it('allows exactly maxPixels and refuses one more', async () => {
      const bytes = await png(gradient(64, 64), 64, 64)
      await expect(decodeImage(bytes, 64 * 64)).resolves.toMatchObject({ width: 64, height: 64 })
      expect((await decodeError(bytes, 64 * 64 - 1)).code).toBe('image.tooManyPixels')
    })
  })
})

describe('encodeImage', () => {
  it('round-trips PNG exactly, alpha included', async () => {
    const pixels = gradient(31, 17, true)
    const image = await decodeImage(await encodeImage(pixels, 31, 17, 'png'))
    expect([image.width, image.height, image.source.format]).toEqual([31, 17, 'png'])
    expect(image.rgba.equals(pixels)).toBe(true)
  })

  it.each(['jpeg', 'webp'] as const)('%s: higher quality gives a larger file closer to the source', async (format) => {
    const source = await decodeImage(await kodak(3))
    const encodeAt = async (quality: number) => {
      const bytes = await encodeImage(source.rgba, source.width, source.height, format, quality)
      const decoded = await decodeImage(bytes)
      expect(decoded.source.format).toBe(format)
      return { size: bytes.byteLength, error: meanDifference(decoded.rgba, source.rgba) }
    }
    const low = await encodeAt(30)
    const high = await encodeAt(95)
    expect(high.size).toBeGreaterThan(low.size)
    expect(high.error).toBeLessThan(low.error)
  })

  it('JPEG flattens transparency onto white', async () => {
    const pixels = rgbaPixels(16, 8, (x) => (x < 8 ? [0, 0, 0, 0] : [255, 0, 0, 255]))
    const bytes = await encodeImage(pixels, 16, 8, 'jpeg')
    expect((await sharp(bytes).metadata()).channels).toBe(3)
    const image = await decodeImage(bytes)
    const [transparent, opaque] = [pixelAt(image.rgba, 16, 2, 4), pixelAt(image.rgba, 16, 13, 4)]
    for (const channel of transparent.slice(0, 3)) expect(channel).toBeGreaterThanOrEqual(250)
    expect(opaque[0]).toBeGreaterThanOrEqual(245)
    expect(Math.max(opaque[1], opaque[2])).toBeLessThanOrEqual(10)
  })

  it('WebP at quality 100 is lossless, alpha included', async () => {
    const pixels = gradient(31, 17, true)
    const image = await decodeImage(await encodeImage(pixels, 31, 17, 'webp', 100))
    expect(image.rgba.equals(pixels)).toBe(true)
  })
})
