import type { WarpRegion } from '../../../src-shared/warp'

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
