/**
 * Reconstruction of the hole from the nearest-neighbour field (Wexler, Shechtman & Irani 2007, §3.2): each hole
 * pixel is the weighted mean of the colours (and texture features) that every overlapping target patch's source puts there, a patch's
 * weight falling with its distance as exp(−d / 2σ²), σ² the 75th percentile of the field's distances, and with
 * its centre's depth in the hole as 1.3^−depth: patches near the known boundary are the more trustworthy.
 */
import { PATCH_RADIUS, patchArea, type NearestNeighbourField, type SearchSpace } from './patchMatch'
import { CHANNELS, type Level } from './pyramid'

const CONFIDENCE_DECAY = 1.3

/**
 * `mean` is the paper's weighted mean. `strongest` takes the colour of the heaviest patch alone: the paper finds the
 * final image's colours as the mode of the votes (mean-shift, §3.2) to keep texture sharp; the strongest vote is a
 * cheap stand-in for that mode.
 */
export function vote(level: Level, source: Int32Array, weight: Float32Array, holePixels: Int32Array, rule: 'mean' | 'strongest'): void {
  const { width, height, colour } = level
  // Imported constants as locals: under tsx each use of an imported binding is a getter call.
  const stride = CHANNELS
  const radius = PATCH_RADIUS
  const strongest = rule === 'strongest'
  for (let k = 0; k < holePixels.length; k++) {
    const pixel = holePixels[k]!
    const x = pixel % width
    const y = (pixel - x) / width
    let total = 0
    let heaviest = -1
    let r = 0
    let g = 0
    let b = 0
    let a = 0
    let u = 0
    let v = 0
    for (let dy = -radius; dy <= radius; dy++) {
      const ty = y - dy
      if (ty < 0 || ty >= height) continue
      for (let dx = -radius; dx <= radius; dx++) {
        const tx = x - dx
        if (tx < 0 || tx >= width) continue
        // The target centred at (tx, ty) covers this pixel at offset (dx, dy); its source lends the pixel there.
        const target = ty * width + tx
        const w = weight[target]!
        const s = stride * (source[target]! + dy * width + dx)
        if (strongest) {
          if (w > total) (total = w), (heaviest = s)
          continue
        }
        r += w * colour[s]!
        g += w * colour[s + 1]!
        b += w * colour[s + 2]!
        a += w * colour[s + 3]!
        u += w * colour[s + 4]!
        v += w * colour[s + 5]!
        total += w
      }
    }
    const out = stride * pixel
    if (strongest) {
      for (let c = 0; c < stride; c++) colour[out + c] = colour[heaviest + c]!
      continue
    }
    colour[out] = r / total
    colour[out + 1] = g / total
    colour[out + 2] = b / total
    colour[out + 3] = a / total
    colour[out + 4] = u / total
    colour[out + 5] = v / total
  }
}

/**
 * A level's vote weights, per target from d, the mean squared difference per pixel; floored so a pixel never gets zero
 * total weight. A target's confidence and patch area never change within a level, so they are found once, not per vote.
 */
export function patchWeighting({ level, targets, holeDepth }: SearchSpace): (field: NearestNeighbourField, weight: Float32Array) => void {
  const inverseArea = new Float32Array(targets.length)
  const confidence = new Float32Array(targets.length)
  for (let k = 0; k < targets.length; k++) {
    const target = targets[k]!
    const x = target % level.width
    inverseArea[k] = 1 / patchArea(level, x, (target - x) / level.width)
    confidence[k] = CONFIDENCE_DECAY ** -holeDepth[target]!
  }
  const perPixel = new Float32Array(targets.length)
  const scratch = new Float32Array(targets.length)
  return ({ distance }, weight) => {
    for (let k = 0; k < targets.length; k++) perPixel[k] = distance[targets[k]!]! * inverseArea[k]!
    const falloff = -1 / (2 * Math.max(percentile(perPixel, 0.75, scratch), 1))
    for (let k = 0; k < targets.length; k++) weight[targets[k]!] = Math.max(Math.exp(perPixel[k]! * falloff) * confidence[k]!, 1e-8)
  }
}

/**
 * The value of rank ⌊fraction·n⌋ among `values`, by quickselect (Hoare 1961) in `order`, as long as `values`: linear,
 * where sorting a big level's was not.
 */
function percentile(values: Float32Array, fraction: number, order: Float32Array): number {
  if (values.length === 0) return 0
  const rank = Math.min(values.length - 1, Math.floor(fraction * values.length))
  order.set(values)
  let low = 0
  let high = order.length - 1
  while (low < high) {
    const pivot = order[(low + high) >> 1]!
    let i = low
    let j = high
    while (i <= j) {
      while (order[i]! < pivot) i++
      while (order[j]! > pivot) j--
      if (i <= j) {
        const swap = order[i]!
        order[i++] = order[j]!
        order[j--] = swap
      }
    }
    if (rank <= j) high = j
    else if (rank >= i) low = i
    else return order[rank]!
  }
  return order[rank]!
}
