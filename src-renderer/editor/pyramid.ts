/**
 * A layer's pixels at full size and at halvings down to a screen's size, so drawing the whole photo at a
 * small zoom resamples a few megapixels instead of all of them on every frame (mipmapping).
 */
export interface Pyramid {
  width: number
  height: number
  /** levels[0] is the full-size layer; each next level is half the previous, down to about SMALLEST on its long side. */
  levels: (HTMLCanvasElement | ImageBitmap)[]
}

const SMALLEST = 1024

export async function buildPyramid(full: HTMLCanvasElement): Promise<Pyramid> {
  const { width, height } = full
  const levels: Pyramid['levels'] = [full]
  for (let scale = 2; Math.max(width, height) / scale >= SMALLEST / 2 && scale <= 64; scale *= 2) {
    const options: ImageBitmapOptions = { resizeWidth: Math.ceil(width / scale), resizeHeight: Math.ceil(height / scale), resizeQuality: 'high' }
    levels.push(await createImageBitmap(levels[levels.length - 1]!, options))
  }
  return { width, height, levels }
}

/** The smallest level that still has at least one pixel per screen pixel at this zoom. */
export function levelFor(pyramid: Pyramid, zoom: number): HTMLCanvasElement | ImageBitmap {
  const wanted = pyramid.width * zoom
  return [...pyramid.levels].reverse().find((level) => level.width >= wanted) ?? pyramid.levels[0]!
}

export function releasePyramid(pyramid: Pyramid | undefined): void {
  for (const level of pyramid?.levels ?? []) if (level instanceof ImageBitmap) level.close()
}
