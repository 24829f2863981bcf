import { cellAreaRatios } from './folds'
import { rowDisplacement, type WarpField } from './warpField'

/**
 * Below this, a piece of output shows source content spread over at least twice its area: ground the dragged
 * content left, papered over by stretching what was beside it.
 */
export const UNCOVERED_AREA_RATIO = 0.5

/**
 * The uncovered area of a warp, one byte per layer pixel (255 = uncovered). MLS deformations are continuous, so
 * nothing is literally left empty where dragged content used to be: the content beside it is stretched to cover
 * the ground instead. An output pixel is uncovered when (a) the map stretches the source there by more than 2×
 * in area (the cell's mapped-area ratio, interpolated between cell centres, is below UNCOVERED_AREA_RATIO), or
 * (b) it samples outside the layer, where there is no content at all. Pixels that do not move are never uncovered. This is what content-aware fill replaces.
 */
export function uncoveredMask(field: WarpField, width: number, height: number): Uint8Array {
  const { area, spacing, columns, rows } = field
  const mask = new Uint8Array(width * height)
  const ratios = cellAreaRatios(field)
  const cellColumns = columns - 1
  const cellRows = rows - 1
  const ratioAt = (i: number, j: number) =>
    ratios[Math.min(Math.max(j, 0), cellRows - 1) * cellColumns + Math.min(Math.max(i, 0), cellColumns - 1)]!
  const shiftX = new Float64Array(area.width)
  const shiftY = new Float64Array(area.width)
  for (let y = area.y; y < area.y + area.height; y++) {
    rowDisplacement(field, y, shiftX, shiftY)
    // Bilinear between cell centres, so the mask's edge follows the stretch rather than the grid.
    const v = (y - area.y) / spacing - 0.5
    const j = Math.floor(v)
    const fy = v - j
    for (let x = 0; x < area.width; x++) {
      const u = x / spacing - 0.5
      const i = Math.floor(u)
      const fx = u - i
      const ratio =
        (ratioAt(i, j) * (1 - fx) + ratioAt(i + 1, j) * fx) * (1 - fy) + (ratioAt(i, j + 1) * (1 - fx) + ratioAt(i + 1, j + 1) * fx) * fy
      if (shiftX[x] === 0 && shiftY[x] === 0) continue
      const sx = area.x + x + shiftX[x]!
      const sy = y + shiftY[x]!
      const outside = sx < 0 || sy < 0 || sx > width - 1 || sy > height - 1
      if (outside || ratio < UNCOVERED_AREA_RATIO) mask[y * width + area.x + x] = 255
    }
  }
  return mask
}
