import type { Rect } from '../../src-shared/contract'
import type { Size } from './workingSize'

export interface Extension {
  left: number
  top: number
  right: number
  bottom: number
}

export interface OutpaintRegion {
  /** The grown canvas, in the old canvas's coordinates (negative x/y when it grows left or up). */
  canvas: Rect
  /** What the model sees and the fill covers, in the new canvas's coordinates. */
  crop: Rect
  /** The repaint mask over `crop`: the new area, and the seam band reaching `seam` pixels into the old image. */
  alpha: Uint8Array
  /** The tight bounds of the mask, in the new canvas's coordinates. */
  bounds: Rect
}

/**
 * Where an outpaint works: the new area on every side that grows, plus a seam band `seam` pixels into the old
 * image along those sides, which the fill fades over so the join does not show; around it, context from the
 * old image (a quarter of the mask's larger side, at least 32 px), all inside the new canvas.
 */
export function outpaintRegion(old: Size, extend: Extension, seam: number): OutpaintRegion {
  const { left, top, right, bottom } = extend
  const canvas = { x: 0 - left, y: 0 - top, width: old.width + left + right, height: old.height + top + bottom }
  const [bandX, bandY] = [Math.min(seam, old.width), Math.min(seam, old.height)]
  const sides = [
    left > 0 && { x: 0, y: 0, width: left + bandX, height: canvas.height },
    right > 0 && { x: left + old.width - bandX, y: 0, width: right + bandX, height: canvas.height },
    top > 0 && { x: 0, y: 0, width: canvas.width, height: top + bandY },
    bottom > 0 && { x: 0, y: top + old.height - bandY, width: canvas.width, height: bottom + bandY },
  ].filter((side): side is Rect => side !== false)
  const bounds = union(sides)
  const reach = Math.max(32, Math.round(Math.max(bounds.width, bounds.height) / 4))
  const cx0 = Math.max(0, bounds.x - reach)
  const cy0 = Math.max(0, bounds.y - reach)
  const crop = { x: cx0, y: cy0, width: Math.min(canvas.width, bounds.x + bounds.width + reach) - cx0, height: Math.min(canvas.height, bounds.y + bounds.height + reach) - cy0 }
  // A row is masked whole inside a top or bottom band, else only in its left and right bands: filled a span at a time.
  const alpha = new Uint8Array(crop.width * crop.height)
  const leftEnd = left > 0 ? Math.min(crop.width, Math.max(0, left + bandX - crop.x)) : 0
  const rightStart = right > 0 ? Math.min(crop.width, Math.max(0, left + old.width - bandX - crop.x)) : crop.width
  for (let y = 0; y < crop.height; y++) {
    const row = y * crop.width
    const docY = crop.y + y
    if ((top > 0 && docY < top + bandY) || (bottom > 0 && docY >= top + old.height - bandY)) alpha.fill(255, row, row + crop.width)
    else {
      alpha.fill(255, row, row + leftEnd)
      alpha.fill(255, row + rightStart, row + crop.width)
    }
  }
  return { canvas, crop, alpha, bounds }
}

function union(rects: Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x))
  const y = Math.min(...rects.map((r) => r.y))
  return { x, y, width: Math.max(...rects.map((r) => r.x + r.width)) - x, height: Math.max(...rects.map((r) => r.y + r.height)) - y }
}
