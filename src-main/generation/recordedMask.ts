import { createHash } from 'node:crypto'
import sharp from 'sharp'
import type { GenerationMask } from '../../src-shared/contract'

/** How a version keeps its mask for re-running: the crop's mask as a greyscale PNG (a few KB) and a content reference. */
export interface RecordedMask {
  rect: GenerationMask['rect']
  png: string
}

export async function recordMask(mask: GenerationMask): Promise<{ maskRef: string; recorded: RecordedMask }> {
  const { width, height } = mask.rect
  const png = await sharp(mask.alpha, { raw: { width, height, channels: 1 } }).png().toBuffer()
  return { maskRef: `sha256:${createHash('sha256').update(mask.alpha).digest('hex')}`, recorded: { rect: mask.rect, png: png.toString('base64') } }
}

export async function restoreMask(recorded: RecordedMask): Promise<GenerationMask> {
  const alpha = await sharp(Buffer.from(recorded.png, 'base64')).extractChannel(0).raw().toBuffer()
  return { rect: recorded.rect, alpha }
}
