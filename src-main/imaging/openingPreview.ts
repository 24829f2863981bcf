import sharp, { type Sharp } from 'sharp'
import { decoded, type CheckedImage, type DecodedImage } from './decode'

/**
 * The longest side of an opened photo's first view: a window's canvas rarely shows more of it before its tiles
 * land, and a JPEG decoded at this size costs about three quarters of its full decode (libjpeg's DCT scaling).
 */
const OPENING_PREVIEW_SIDE = 1536

export interface Preview {
  width: number
  height: number
  /** WebP. */
  bytes: Buffer
}

/**
 * JPEG and WebP decode straight to a smaller size (libjpeg's DCT scaling, libwebp's scaled decode), so their
 * preview comes from the bytes, far quicker than decoding every pixel and resizing them; other formats have no
 * such decode and are cut from the full decode.
 */
export const hasScaledDecode = (image: CheckedImage): boolean => image.source.format === 'jpeg' || image.source.format === 'webp'

/** The preview decoded from the photo's bytes at preview size, through the same checks as the full decode. */
export function previewFromBytes(image: CheckedImage): Promise<Preview> {
  return decoded(image, (pipeline) => encodePreview(pipeline))
}

/** The preview cut from pixels already decoded. */
export function previewFromPixels(image: DecodedImage): Promise<Preview> {
  return encodePreview(sharp(image.rgba, { raw: { width: image.width, height: image.height, channels: 4 }, limitInputPixels: false }))
}

async function encodePreview(pipeline: Sharp): Promise<Preview> {
  const { data, info } = await pipeline
    .resize(OPENING_PREVIEW_SIDE, OPENING_PREVIEW_SIDE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80, effort: 0 })
    .toBuffer({ resolveWithObject: true })
  return { width: info.width, height: info.height, bytes: data }
}
