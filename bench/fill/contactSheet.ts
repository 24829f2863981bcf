/** Contact sheets: one column per photo, one row per version of it (original, mask, each method's fill). */
import sharp, { type OverlayOptions } from 'sharp'

export interface SheetImage {
  rgba: Uint8Array
  width: number
  height: number
}

const CELL = 192
const GAP = 4
const LABEL = 96

export async function writeContactSheet(path: string, rows: { label: string; images: SheetImage[] }[]): Promise<void> {
  const columns = Math.max(...rows.map((row) => row.images.length))
  const composites: OverlayOptions[] = []
  for (const [r, row] of rows.entries()) {
    const label = `<svg width="${LABEL}" height="${CELL}"><text x="4" y="${CELL / 2}" font-family="sans-serif" font-size="16">${row.label}</text></svg>`
    composites.push({ input: Buffer.from(label), left: 0, top: r * (CELL + GAP) })
    for (const [c, image] of row.images.entries()) {
      const cell = await sharp(image.rgba, { raw: { width: image.width, height: image.height, channels: 4 } })
        .resize(CELL, CELL, { fit: 'contain', background: { r: 255, g: 255, b: 255, alpha: 1 } })
        .png()
        .toBuffer()
      composites.push({ input: cell, left: LABEL + c * (CELL + GAP), top: r * (CELL + GAP) })
    }
  }
  await sharp({ create: { width: LABEL + columns * (CELL + GAP) - GAP, height: rows.length * (CELL + GAP) - GAP, channels: 4, background: '#ffffff' } })
    .composite(composites)
    .png()
    .toFile(path)
}

/** The photo with the hole painted magenta. */
export function maskOverlay(image: SheetImage, mask: Uint8Array): SheetImage {
  const rgba = image.rgba.slice()
  for (let i = 0; i < mask.length; i++) if (mask[i]) rgba.set([255, 0, 255, 255], 4 * i)
  return { ...image, rgba }
}
