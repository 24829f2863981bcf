import { AppError, type GenerationMask, type Rect } from '../../src-shared/contract'

export interface MaskRegion {
  /** The tight bounds of the mask's non-zero bytes, in layer pixels. */
  bounds: Rect
  /** What the model sees: the bounds plus context around them, clipped to the layer. */
  crop: Rect
  /** The mask over `crop`, one byte a pixel. */
  alpha: Uint8Array
}

/** Context around the mask, so the model sees what the repainted area must match (a quarter of its larger side, at least 32 px). */
const marginFor = (bounds: Rect) => Math.max(32, Math.round(Math.max(bounds.width, bounds.height) / 4))

/** Where an edit works: refuses a mask that is empty or lies wholly outside the layer. */
export function maskRegion(mask: GenerationMask, layer: { width: number; height: number }, margin: (bounds: Rect) => number = marginFor): MaskRegion {
  const inside = clip(mask.rect, layer)
  if (!inside) throw new AppError('generation.maskOutsideLayer', 'The mask lies outside the layer.')
  // Each row scanned in from both ends to its first and last set byte: a full mask costs a few bytes a row.
  let [left, top, right, bottom] = [Infinity, Infinity, -1, -1]
  for (let y = inside.y; y < inside.y + inside.height; y++) {
    const row = (y - mask.rect.y) * mask.rect.width - mask.rect.x
    let first = inside.x
    while (first < inside.x + inside.width && mask.alpha[row + first] === 0) first++
    if (first === inside.x + inside.width) continue
    let last = inside.x + inside.width - 1
    while (mask.alpha[row + last] === 0) last--
    left = Math.min(left, first)
    right = Math.max(right, last)
    top = Math.min(top, y)
    bottom = y
  }
  if (right < 0) throw new AppError('generation.emptyMask', 'The mask covers nothing on this layer: paint where to edit first.')
  const bounds = { x: left, y: top, width: right - left + 1, height: bottom - top + 1 }
  const reach = margin(bounds)
  const crop = clip({ x: left - reach, y: top - reach, width: bounds.width + 2 * reach, height: bounds.height + 2 * reach }, layer)!
  return { bounds, crop, alpha: maskOver(mask, crop) }
}

/** The mask's bytes over `rect`, 0 where the mask does not reach: copied a row's overlap at a time. */
export function maskOver(mask: GenerationMask, rect: Rect): Uint8Array {
  const alpha = new Uint8Array(rect.width * rect.height)
  const [x0, x1] = [Math.max(rect.x, mask.rect.x), Math.min(rect.x + rect.width, mask.rect.x + mask.rect.width)]
  if (x1 <= x0) return alpha
  for (let y = Math.max(rect.y, mask.rect.y); y < Math.min(rect.y + rect.height, mask.rect.y + mask.rect.height); y++) {
    const from = (y - mask.rect.y) * mask.rect.width - mask.rect.x
    alpha.set(mask.alpha.subarray(from + x0, from + x1), (y - rect.y) * rect.width + x0 - rect.x)
  }
  return alpha
}

function clip(rect: Rect, layer: { width: number; height: number }): Rect | undefined {
  const [x0, y0] = [Math.max(0, rect.x), Math.max(0, rect.y)]
  const [x1, y1] = [Math.min(layer.width, rect.x + rect.width), Math.min(layer.height, rect.y + rect.height)]
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : undefined
}
