import sharp from 'sharp'
import { AppError } from '../../src-shared/contract'
import { MAX_IMAGE_PIXELS } from '../../src-shared/limits'

/** Straight 8-bit sRGB RGBA pixels, row-major, with what decoding did to the source. */
export interface DecodedImage {
  width: number
  height: number
  rgba: Buffer
  source: { format: string; bitDepth: number; hadColourProfile: boolean; orientation: number }
}

/** Formats the editor opens. SVG and PDF are refused: they are documents, not photos, and run a renderer. */
const openableFormats = new Set(['png', 'jpeg', 'webp', 'tiff', 'gif', 'heif', 'avif'])

/**
 * Decodes a photo for editing: EXIF orientation applied, embedded colour profile converted to sRGB,
 * 16-bit reduced to 8-bit, only the first frame of an animation, and never more than MAX_IMAGE_PIXELS.
 */
export async function decodeImage(bytes: Uint8Array, maxPixels = MAX_IMAGE_PIXELS): Promise<DecodedImage> {
  if (bytes.byteLength === 0) throw new AppError('image.empty', 'The file is empty (0 bytes).')
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const metadata = await sharp(input).metadata().catch((error: unknown) => {
    throw decodeError(error)
  })
  const format = metadata.format ?? 'unknown'
  if (!openableFormats.has(format)) {
    throw new AppError('image.unsupported', `Unsupported image format: ${format}.`, { format })
  }
  const width = metadata.width ?? 0
  const height = metadata.pageHeight ?? metadata.height ?? 0
  if (width * height > maxPixels) {
    throw new AppError('image.tooManyPixels', `The image is ${width}×${height} pixels, more than the limit of ${maxPixels} pixels.`, {
      width,
      height,
      limit: maxPixels,
    })
  }
  try {
    const { data, info } = await sharp(input, { limitInputPixels: maxPixels, pages: 1, failOn: 'error' })
      .autoOrient()
      .toColourspace('srgb')
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
    return {
      width: info.width,
      height: info.height,
      rgba: data,
      source: {
        format,
        bitDepth: metadata.depth === 'ushort' || metadata.depth === 'short' ? 16 : 8,
        hadColourProfile: Boolean(metadata.icc),
        orientation: metadata.orientation ?? 1,
      },
    }
  } catch (error) {
    throw decodeError(error)
  }
}

function decodeError(error: unknown): AppError {
  const message = error instanceof Error ? error.message : String(error)
  if (/unsupported image format/i.test(message)) {
    return new AppError('image.unsupported', 'This file is not an image format the editor can open.')
  }
  if (/pixel limit/i.test(message)) {
    return new AppError('image.tooManyPixels', `The image has more than the limit of ${MAX_IMAGE_PIXELS} pixels.`, { limit: MAX_IMAGE_PIXELS })
  }
  return new AppError('image.corrupt', `The image is damaged or truncated: ${message}`, { reason: message })
}
