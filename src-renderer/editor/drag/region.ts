import { DEFAULT_FEATHER, type WarpRegion } from '../../../src-shared/warp'

/** The part of a mask region (layer pixels) that lies on the layer: warp.apply takes no region beyond its edge. */
export function regionOnLayer(region: WarpRegion, layer: { width: number; height: number }): WarpRegion | undefined {
  const x = Math.max(0, region.rect.x)
  const y = Math.max(0, region.rect.y)
  const width = Math.min(layer.width, region.rect.x + region.rect.width) - x
  const height = Math.min(layer.height, region.rect.y + region.rect.height) - y
  if (width <= 0 || height <= 0) return undefined
  const mask = new Uint8Array(width * height)
  for (let row = 0; row < height; row++) {
    const from = (y + row - region.rect.y) * region.rect.width + (x - region.rect.x)
    mask.set(region.mask.subarray(from, from + width), row * width)
  }
  return { ...region, rect: { x, y, width, height }, mask }
}

/** A region on a pyramid level `s` times the layer's size (nearest sample), its feather scaled alike. */
export function scaledRegion(region: WarpRegion, s: number, level: { width: number; height: number }): WarpRegion | undefined {
  const x = Math.floor(region.rect.x * s)
  const y = Math.floor(region.rect.y * s)
  const width = Math.min(level.width, Math.ceil((region.rect.x + region.rect.width) * s)) - x
  const height = Math.min(level.height, Math.ceil((region.rect.y + region.rect.height) * s)) - y
  if (width <= 0 || height <= 0) return undefined
  const mask = new Uint8Array(width * height)
  for (let row = 0; row < height; row++) {
    const sy = Math.min(region.rect.height - 1, Math.floor((y + row + 0.5) / s) - region.rect.y)
    for (let column = 0; column < width; column++) {
      const sx = Math.min(region.rect.width - 1, Math.floor((x + column + 0.5) / s) - region.rect.x)
      mask[row * width + column] = sy >= 0 && sx >= 0 ? region.mask[sy * region.rect.width + sx]! : 0
    }
  }
  return { rect: { x, y, width, height }, mask, feather: (region.feather ?? DEFAULT_FEATHER) * s }
}
