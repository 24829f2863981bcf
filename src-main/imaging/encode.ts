import sharp from 'sharp'
import type { ExportFormat } from '../../src-shared/contract'

export const mimeTypes: Record<ExportFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' }

/** Encodes straight 8-bit RGBA. JPEG has no alpha, so transparent areas are flattened onto white. */
export async function encodeImage(
  rgba: Uint8Array,
  width: number,
  height: number,
  format: ExportFormat,
  quality = 90,
): Promise<Buffer> {
  const image = sharp(rgba, { raw: { width, height, channels: 4 }, limitInputPixels: false })
  switch (format) {
    case 'png':
      return image.png({ compressionLevel: 6 }).toBuffer()
    case 'jpeg':
      return image.flatten({ background: '#ffffff' }).jpeg({ quality, chromaSubsampling: quality >= 90 ? '4:4:4' : '4:2:0' }).toBuffer()
    case 'webp': {
      // Lossless means every sample: without `exact`, libwebp rewrites the colour of fully transparent pixels.
      const lossless = quality === 100
      return image.webp({ quality, lossless, exact: lossless }).toBuffer()
    }
  }
}
