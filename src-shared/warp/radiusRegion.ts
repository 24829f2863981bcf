import type { PixelRect, Point, WarpRegion } from './types'

/**
 * The region a drag with no pins and no mask may move: the discs of `radius` around its handles, cut to the layer.
 * The fade (regionWeights' feather) spans the whole radius, so a handle's own pixel follows it all the way to its
 * target while the motion dies away smoothly to nothing at the circle: a drag shorter than about two thirds of the
 * radius never folds.
 */
export function radiusRegion(handles: readonly Point[], radius: number, layer: { width: number; height: number }): WarpRegion | undefined {
  const rect = discsBounds(handles, radius, layer)
  if (!rect) return undefined
  const mask = new Uint8Array(rect.width * rect.height)
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      const px = rect.x + x + 0.5
      const py = rect.y + y + 0.5
      if (handles.some((h) => Math.hypot(px - h.x, py - h.y) <= radius)) mask[y * rect.width + x] = 255
    }
  }
  return { rect, mask, feather: radius }
}

function discsBounds(handles: readonly Point[], radius: number, layer: { width: number; height: number }): PixelRect | undefined {
  if (handles.length === 0 || !(radius > 0)) return undefined
  const x = Math.max(0, Math.floor(Math.min(...handles.map((h) => h.x)) - radius))
  const y = Math.max(0, Math.floor(Math.min(...handles.map((h) => h.y)) - radius))
  const right = Math.min(layer.width, Math.ceil(Math.max(...handles.map((h) => h.x)) + radius))
  const bottom = Math.min(layer.height, Math.ceil(Math.max(...handles.map((h) => h.y)) + radius))
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : undefined
}
