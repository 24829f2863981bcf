import { createHash } from 'node:crypto'
import sharp from 'sharp'
import type { PixelRect } from '../../src-shared/warp'

/** How a warp version keeps its editable region: the mask as a greyscale PNG (a few KB), its rectangle and feather. */
export interface RecordedRegion {
  rect: PixelRect
  feather: number
  png: string
}

export async function recordRegion(region: { rect: PixelRect; mask: Uint8Array; feather: number }): Promise<{ recorded: RecordedRegion; maskRef: string }> {
  const { width, height } = region.rect
  const png = await sharp(Buffer.from(region.mask), { raw: { width, height, channels: 1 } }).png().toBuffer()
  const maskRef = `sha256:${createHash('sha256').update(region.mask).digest('hex')}`
  return { recorded: { rect: region.rect, feather: region.feather, png: png.toString('base64') }, maskRef }
}

export async function restoreRegion({ rect, feather, png }: RecordedRegion): Promise<{ rect: PixelRect; mask: Uint8Array; feather: number }> {
  const mask = await sharp(Buffer.from(png, 'base64')).extractChannel(0).raw().toBuffer()
  return { rect, feather, mask: new Uint8Array(mask) }
}
