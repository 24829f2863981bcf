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
 * the ground instead. An output pixel that moves is uncovered when (a) the map stretches the source there by more
 * than 2× in area (the cells' mapped-area ratios, interpolated between cell centres, fall below
 * UNCOVERED_AREA_RATIO), or (b) it samples outside the layer, where there is no content at all. Pixels that do
 * not move are never uncovered. This is what content-aware fill replaces.
 */
export function uncoveredMask(field: WarpField, width: number, height: number): Uint8Array {
  const { area, spacing, columns, rows, dx, dy } = field
  const mask = new Uint8Array(width * height)
  const ratios = cellAreaRatios(field)
  const cellColumns = columns - 1
  const cellRows = rows - 1
  const ratioAt = (i: number, j: number) =>
    ratios[Math.min(Math.max(j, 0), cellRows - 1) * cellColumns + Math.min(Math.max(i, 0), cellColumns - 1)]!
  // Bilinear between cell centres, so the mask's edge follows the stretch rather than the grid.
  const ratioBetweenCentres = (x: number, cj: number, fy: number) => {
    const u = x / spacing - 0.5
    const ci = Math.floor(u)
    const fx = u - ci
    return (ratioAt(ci, cj) * (1 - fx) + ratioAt(ci + 1, cj) * fx) * (1 - fy) + (ratioAt(ci, cj + 1) * (1 - fx) + ratioAt(ci + 1, cj + 1) * fx) * fy
  }

  // Cells with a low ratio among their 3×3 neighbours: only there can the interpolated ratio fall below the bar.
  const nearLow = new Uint8Array(cellColumns * cellRows)
  for (let j = 0; j < cellRows; j++) {
    for (let i = 0; i < cellColumns; i++) {
      if (ratios[j * cellColumns + i]! >= UNCOVERED_AREA_RATIO) continue
      for (let v = Math.max(j - 1, 0); v <= Math.min(j + 1, cellRows - 1); v++) nearLow.fill(1, v * cellColumns + Math.max(i - 1, 0), v * cellColumns + Math.min(i + 1, cellColumns - 1) + 1)
    }
  }
  // A cell needs a per-pixel look only if a ratio near it is low or a corner reads outside the layer: the
  // read position is bilinear in the cell and the region's weight only pulls it back toward the pixel itself.
  const check = new Uint8Array(cellColumns * cellRows)
  const outside = (k: number, x: number, y: number) => x + dx[k]! < 0 || y + dy[k]! < 0 || x + dx[k]! > width - 1 || y + dy[k]! > height - 1
  for (let j = 0; j < cellRows; j++) {
    for (let i = 0; i < cellColumns; i++) {
      const k = j * columns + i
      const x = area.x + i * spacing
      const y = area.y + j * spacing
      check[j * cellColumns + i] = Number(
        nearLow[j * cellColumns + i] === 1 ||
          outside(k, x, y) ||
          outside(k + 1, x + spacing, y) ||
          outside(k + columns, x, y + spacing) ||
          outside(k + columns + 1, x + spacing, y + spacing),
      )
    }
  }

  const shiftX = new Float64Array(area.width)
  const shiftY = new Float64Array(area.width)
  for (let y = area.y; y < area.y + area.height; y++) {
    const j = Math.floor((y - area.y) / spacing)
    const v = (y - area.y) / spacing - 0.5
    const cj = Math.floor(v)
    const fy = v - cj
    for (let i = 0; i < cellColumns; i++) {
      if (!check[j * cellColumns + i]) continue
      const from = i * spacing
      const to = Math.min(from + spacing, area.width)
      const stretches = nearLow[j * cellColumns + i] === 1
      rowDisplacement(field, y, shiftX, shiftY, from, to)
      for (let x = from; x < to; x++) {
        if (shiftX[x] === 0 && shiftY[x] === 0) continue
        const sx = area.x + x + shiftX[x]!
        const sy = y + shiftY[x]!
        if (sx < 0 || sy < 0 || sx > width - 1 || sy > height - 1 || (stretches && ratioBetweenCentres(x, cj, fy) < UNCOVERED_AREA_RATIO)) mask[y * width + area.x + x] = 255
      }
    }
  }
  return mask
}
