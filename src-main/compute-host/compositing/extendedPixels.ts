import type { Rect } from '../../../src-shared/contract'

/**
 * The old image over `crop` (new-canvas coordinates), its edge pixels repeated into the new area: a neutral
 * start for the model that matches the border colours (sharp's extendWith 'copy' does the same).
 */
export function extendedPixels(layer: { rgba: Uint8Array; rect: Rect }, origin: { x: number; y: number }, crop: Rect): Buffer {
  const source = Buffer.from(layer.rgba.buffer, layer.rgba.byteOffset, layer.rgba.byteLength)
  const { rect } = layer
  const out = Buffer.alloc(crop.width * crop.height * 4)
  // The crop's columns that fall on the layer's read pixels; those left and right of them repeat the edge pixel.
  const first = Math.min(crop.width, Math.max(0, origin.x + rect.x - crop.x))
  const end = Math.max(first, Math.min(crop.width, origin.x + rect.x + rect.width - crop.x))
  for (let y = 0; y < crop.height; y++) {
    const sy = Math.min(rect.height - 1, Math.max(0, crop.y + y - origin.y - rect.y))
    const row = sy * rect.width * 4
    const at = y * crop.width * 4
    const sx = crop.x + first - origin.x - rect.x
    if (end > first) source.copy(out, at + first * 4, row + sx * 4, row + (sx + end - first) * 4)
    if (first > 0) out.fill(source.subarray(row, row + 4), at, at + first * 4)
    if (end < crop.width) out.fill(source.subarray(row + (rect.width - 1) * 4, row + rect.width * 4), at + end * 4, at + crop.width * 4)
  }
  return out
}
