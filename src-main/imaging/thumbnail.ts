import sharp from 'sharp'

/** A small WebP for the history panel: the longest side at most 256 px. */
export function makeThumbnail(rgba: Uint8Array, width: number, height: number): Promise<Buffer> {
  return sharp(rgba, { raw: { width, height, channels: 4 }, limitInputPixels: false })
    .resize(256, 256, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer()
}
