import sharp, { type Sharp } from 'sharp'
import { AppError } from '../../src-shared/contract'
import { MAX_IMAGE_PIXELS } from '../../src-shared/limits'

/** What decoding did to the source, as the open reports it. */
export interface ImageSource {
  format: string
  bitDepth: number
  hadColourProfile: boolean
  orientation: number
}

/** Straight 8-bit sRGB RGBA pixels, row-major, with what decoding did to the source. */
export interface DecodedImage {
  width: number
  height: number
  rgba: Buffer
  source: ImageSource
}

/** A photo whose header passed the checks (format, pixel limit), not yet decoded; its size is after orientation. */
export interface CheckedImage {
  bytes: Buffer
  width: number
  height: number
  maxPixels: number
  source: ImageSource
}

/** Formats the editor opens. SVG and PDF are refused: they are documents, not photos, and run a renderer. */
const openableFormats = new Set(['png', 'jpeg', 'webp', 'tiff', 'gif', 'heif', 'avif'])

/**
 * Decodes a photo for editing: EXIF orientation applied, embedded colour profile converted to sRGB,
 * 16-bit reduced to 8-bit, only the first frame of an animation, and never more than MAX_IMAGE_PIXELS.
 */
export async function decodeImage(bytes: Uint8Array, maxPixels = MAX_IMAGE_PIXELS): Promise<DecodedImage> {
  return decodeChecked(await checkImage(bytes, maxPixels))
}

/** Reads only the header: refuses an empty file, a format the editor does not open, and too many pixels. */
export async function checkImage(bytes: Uint8Array, maxPixels = MAX_IMAGE_PIXELS): Promise<CheckedImage> {
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
  const orientation = metadata.orientation ?? 1
  // EXIF orientations 5 to 8 turn the picture a quarter: the decoded photo is as tall as the stored one is wide.
  const turned = orientation >= 5
  return {
    bytes: input,
    width: turned ? height : width,
    height: turned ? width : height,
    maxPixels,
    source: { format, bitDepth: metadata.depth === 'ushort' || metadata.depth === 'short' ? 16 : 8, hadColourProfile: Boolean(metadata.icc), orientation },
  }
}

/** The checked photo's pixels at full size. */
export async function decodeChecked(image: CheckedImage): Promise<DecodedImage> {
  const { data, info } = await decoded(image, (pipeline) => pipeline.ensureAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }))
  return { width: info.width, height: info.height, rgba: data, source: image.source }
}

/**
 * Runs `finish` on the one decoding pipeline every open shares, whether it ends in full-size pixels or a scaled
 * preview: the pixel limit, the first page only, damaged data refused (failOn), orientation, sRGB. A failure is
 * the decode's AppError.
 */
export async function decoded<T>(image: CheckedImage, finish: (pipeline: Sharp) => Promise<T>): Promise<T> {
  try {
    return await finish(sharp(image.bytes, { limitInputPixels: image.maxPixels, pages: 1, failOn: 'error' }).autoOrient().toColourspace('srgb'))
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
