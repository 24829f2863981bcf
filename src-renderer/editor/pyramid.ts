import type { Rect } from '../../src-shared/contract'

/**
 * A layer's pixels at full size and at halvings down to a screen's size, so drawing the whole photo at a
 * small zoom resamples a few megapixels instead of all of them on every frame (mipmapping). Levels are canvases
 * so that a stroke redraws only the region it touched in each.
 */
export interface Pyramid {
  width: number
  height: number
  /** levels[0] is the full-size layer; each next level is half the previous, down to about SMALLEST on its long side. */
  levels: HTMLCanvasElement[]
}

const SMALLEST = 1024

export function buildPyramid(full: HTMLCanvasElement): Pyramid {
  const { width, height } = full
  const levels = [full]
  for (let scale = 2; Math.max(width, height) / scale >= SMALLEST / 2 && scale <= 64; scale *= 2) {
    levels.push(Object.assign(document.createElement('canvas'), { width: Math.ceil(width / scale), height: Math.ceil(height / scale) }))
  }
  const pyramid = { width, height, levels }
  patchPyramid(pyramid, { x: 0, y: 0, width, height })
  return pyramid
}

/** Redraws `rect` (full-size pixels) in every smaller level, each from the level above it. */
export function patchPyramid(pyramid: Pyramid, rect: Rect): void {
  for (let k = 1; k < pyramid.levels.length; k++) {
    const above = pyramid.levels[k - 1]!
    const level = pyramid.levels[k]!
    const scale = 2 ** k
    // Whole pixels of this level covering the rect, one more on each side for the filter's reach.
    const x = Math.max(0, Math.floor(rect.x / scale) - 1)
    const y = Math.max(0, Math.floor(rect.y / scale) - 1)
    const right = Math.min(level.width, Math.ceil((rect.x + rect.width) / scale) + 1)
    const bottom = Math.min(level.height, Math.ceil((rect.y + rect.height) / scale) + 1)
    const context = level.getContext('2d')!
    context.imageSmoothingQuality = 'high'
    context.clearRect(x, y, right - x, bottom - y)
    context.drawImage(above, x * 2, y * 2, (right - x) * 2, (bottom - y) * 2, x, y, right - x, bottom - y)
  }
}

/** The smallest level that still has at least one pixel per screen pixel at this zoom. */
export function levelFor(pyramid: Pyramid, zoom: number): HTMLCanvasElement {
  const wanted = pyramid.width * zoom
  return [...pyramid.levels].reverse().find((level) => level.width >= wanted) ?? pyramid.levels[0]!
}
