import sharp from 'sharp'
import { RECIPE_MASK_SIDE, type GenerationMask, type Rect, type RelativeMask, type RelativeRect } from '../../src-shared/contract'

interface Size {
  width: number
  height: number
}

/** A pixel rectangle as fractions of `size`: what lets a recipe fit photos of other sizes. */
export const toRelativeRect = (rect: Rect, size: Size): RelativeRect => ({
  x: rect.x / size.width,
  y: rect.y / size.height,
  width: rect.width / size.width,
  height: rect.height / size.height,
})

/** Back to whole pixels: on the photo it was recorded from this gives the very rectangle recorded (x / w · w rounds to x). */
export function fromRelativeRect(rect: RelativeRect, size: Size): Rect {
  const x = Math.round(rect.x * size.width)
  const y = Math.round(rect.y * size.height)
  return {
    x,
    y,
    width: Math.max(1, Math.round((rect.x + rect.width) * size.width) - x),
    height: Math.max(1, Math.round((rect.y + rect.height) * size.height) - y),
  }
}

/**
 * A mask in document pixels, made relative: its tight rectangle, and the alpha inside it only when it is not solid
 * (a plain box needs none, and replays exactly), shrunk to at most RECIPE_MASK_SIDE on its longer side.
 */
export async function toRelativeMask(mask: GenerationMask, size: Size): Promise<RelativeMask> {
  const rect = toRelativeRect(mask.rect, size)
  if (mask.alpha.every((a) => a === 255)) return { rect }
  const scale = Math.min(1, RECIPE_MASK_SIDE / Math.max(mask.rect.width, mask.rect.height))
  const width = Math.max(1, Math.round(mask.rect.width * scale))
  const height = Math.max(1, Math.round(mask.rect.height * scale))
  const small = await sharp(mask.alpha, { raw: { width: mask.rect.width, height: mask.rect.height, channels: 1 } })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .extractChannel(0)
    .raw()
    .toBuffer()
  return { rect, alpha: { width, height, base64: small.toString('base64') } }
}

/** The mask for a photo of `size`, in document pixels: the alpha stretched over the rectangle. */
export async function fromRelativeMask(mask: RelativeMask, size: Size): Promise<GenerationMask> {
  const rect = fromRelativeRect(mask.rect, size)
  if (!mask.alpha) return { rect, alpha: new Uint8Array(rect.width * rect.height).fill(255) }
  const { width, height, base64 } = mask.alpha
  const alpha = await sharp(Buffer.from(base64, 'base64'), { raw: { width, height, channels: 1 } })
    .resize(rect.width, rect.height, { fit: 'fill', kernel: 'cubic' })
    .extractChannel(0)
    .raw()
    .toBuffer()
  return { rect, alpha: new Uint8Array(alpha.buffer, alpha.byteOffset, alpha.byteLength) }
}

/** The tight box of a mask's non-zero bytes, and the mask cut to it; undefined when it covers nothing. */
export function tightMask(mask: GenerationMask): GenerationMask | undefined {
  const { rect, alpha } = mask
  let [left, top, right, bottom] = [Infinity, Infinity, -1, -1]
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      if (alpha[y * rect.width + x] === 0) continue
      ;[left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)]
    }
  }
  if (right < 0) return undefined
  const [width, height] = [right - left + 1, bottom - top + 1]
  const cut = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) cut.set(alpha.subarray((top + y) * rect.width + left, (top + y) * rect.width + left + width), y * width)
  return { rect: { x: rect.x + left, y: rect.y + top, width, height }, alpha: cut }
}
