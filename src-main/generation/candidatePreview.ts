import sharp from 'sharp'
import { PREVIEW_SIDE } from '../../src-shared/contract'
import type { Size } from './workingSize'

/** An image at the model's working size. */
export interface WorkingImage extends Size {
  rgba: Uint8Array
}

/**
 * What accepting a result would show over its region, at the working size: the result where the mask repaints,
 * the pixels the model saw where it keeps them (a generation, without a mask, is the result itself). The
 * feathering of the full-size paste is left out: a preview at working size cannot show a few pixels of fade.
 */
export function acceptedLook(result: WorkingImage, seen?: Uint8Array, mask?: Uint8Array): WorkingImage {
  if (!seen || !mask) return result
  const rgba = new Uint8Array(result.rgba.length)
  for (let i = 0; i < mask.length; i++) {
    const weight = mask[i]! / 255
    for (let c = i * 4; c < i * 4 + 3; c++) rgba[c] = Math.round(seen[c]! + (result.rgba[c]! - seen[c]!) * weight)
    rgba[i * 4 + 3] = 255
  }
  return { ...result, rgba }
}

export async function previewPng({ rgba, width, height }: WorkingImage): Promise<Buffer> {
  return sharp(rgba, { raw: { width, height, channels: 4 }, limitInputPixels: false })
    .resize(PREVIEW_SIDE, PREVIEW_SIDE, { fit: 'inside', withoutEnlargement: true })
    .png()
    .toBuffer()
}

/** A flagged preview is blurred at this size (cheap whatever the preview's size), then scaled back up. */
const BLURRED_SIDE = 16
/** At BLURRED_SIDE, a blur this wide leaves only a few soft patches of colour. */
const BLUR_SIGMA = 3

/**
 * A flagged result as the window may see it before the user reveals it: blurred at a few dozen pixels and scaled
 * back up smoothly, so no detail remains in the bytes sent (a CSS blur would still hand the window the real image).
 */
export async function blurredPng(preview: Buffer): Promise<Buffer> {
  const { width, height } = await sharp(preview).metadata()
  const small = await sharp(preview).resize(BLURRED_SIDE, BLURRED_SIDE, { fit: 'inside' }).blur(BLUR_SIGMA).toBuffer()
  return sharp(small).resize(width, height, { fit: 'fill', kernel: 'cubic' }).png().toBuffer()
}
