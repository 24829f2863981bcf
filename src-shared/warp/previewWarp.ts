import { rowDisplacement, type WarpField } from './warpField'

/**
 * The warped image for the live preview: bilinear resampling of `source` (straight RGBA, `width`×`height`)
 * through the field, fast enough to run every frame of a drag. Pixels outside the field's area, and those the
 * region keeps still, are copied unchanged. The compute host applies the same field at full size with bicubic
 * resampling.
 */
export function previewWarp(source: Uint8Array | Uint8ClampedArray, width: number, height: number, field: WarpField, out: Uint8Array | Uint8ClampedArray): void {
  out.set(source)
  const { area } = field
  const shiftX = new Float64Array(area.width)
  const shiftY = new Float64Array(area.width)
  const maxX = width - 1
  const maxY = height - 1
  const lastX0 = Math.max(maxX - 1, 0)
  const lastY0 = Math.max(maxY - 1, 0)
  const stepX = maxX > 0 ? 4 : 0
  const stepY = maxY > 0 ? width * 4 : 0
  for (let y = area.y; y < area.y + area.height; y++) {
    rowDisplacement(field, y, shiftX, shiftY)
    let o = (y * width + area.x) * 4
    for (let x = 0; x < area.width; x++, o += 4) {
      const ox = shiftX[x]!
      const oy = shiftY[x]!
      if (ox === 0 && oy === 0) continue
      const sx = Math.min(Math.max(area.x + x + ox, 0), maxX)
      const sy = Math.min(Math.max(y + oy, 0), maxY)
      const x0 = Math.min(sx | 0, lastX0)
      const y0 = Math.min(sy | 0, lastY0)
      const fx = sx - x0
      const fy = sy - y0
      const a = (y0 * width + x0) * 4
      const b = a + stepY
      for (let c = 0; c < 4; c++) {
        const upper = source[a + c]! + (source[a + stepX + c]! - source[a + c]!) * fx
        const lower = source[b + c]! + (source[b + stepX + c]! - source[b + c]!) * fx
        out[o + c] = (upper + (lower - upper) * fy + 0.5) | 0
      }
    }
  }
}
