/**
 * Reconstruction of the hole from the nearest-neighbour field (Wexler, Shechtman & Irani 2007, §3.2): each hole
 * pixel is the weighted mean of the colours (and texture features) that every overlapping target patch's source puts there, a patch's
 * weight falling with its distance as exp(−d / 2σ²), σ² the 75th percentile of the field's distances, and with
 * its centre's depth in the hole as 1.3^−depth: patches near the known boundary are the more trustworthy.
 */
import { PATCH_RADIUS, patchArea, type NearestNeighbourField, type SearchSpace } from './patchMatch'
import { CHANNELS } from './pyramid'

const CONFIDENCE_DECAY = 1.3

/**
 * `mean` is the paper's weighted mean. `strongest` takes the colour of the heaviest patch alone: the paper finds the
 * final image's colours as the mode of the votes (mean-shift, §3.2) to keep texture sharp; the strongest vote is a
 * cheap stand-in for that mode.
 */
export function vote(space: SearchSpace, field: NearestNeighbourField, holePixels: Int32Array, rule: 'mean' | 'strongest'): void {
  const { level } = space
  const { width, height, colour } = level
  // The imported constant as a local: a test runner's module transform turns each use into a property read.
  const stride = CHANNELS
  const sum = new Float32Array(stride)
  const weight = patchWeights(space, field)
  const strongest = rule === 'strongest'
  for (const pixel of holePixels) {
    const x = pixel % width
    const y = (pixel - x) / width
    let total = 0
    let heaviest = -1
    sum.fill(0)
    for (let dy = -PATCH_RADIUS; dy <= PATCH_RADIUS; dy++) {
      const ty = y - dy
      if (ty < 0 || ty >= height) continue
      for (let dx = -PATCH_RADIUS; dx <= PATCH_RADIUS; dx++) {
        const tx = x - dx
        if (tx < 0 || tx >= width) continue
        // The target centred at (tx, ty) covers this pixel at offset (dx, dy); its source lends the pixel there.
        const target = ty * width + tx
        const w = weight[target]!
        const s = stride * (field.source[target]! + dy * width + dx)
        if (strongest) {
          if (w > total) (total = w), (heaviest = s)
          continue
        }
        for (let c = 0; c < stride; c++) sum[c] += w * colour[s + c]!
        total += w
      }
    }
    const out = stride * pixel
    if (strongest) for (let c = 0; c < stride; c++) colour[out + c] = colour[heaviest + c]!
    else for (let c = 0; c < stride; c++) colour[out + c] = sum[c]! / total
  }
}

/** Per target, d the mean squared difference per pixel; floored so a pixel never gets zero total weight. */
function patchWeights(space: SearchSpace, field: NearestNeighbourField): Float32Array {
  const { level, targets } = space
  const perPixel = new Float32Array(targets.length)
  for (let k = 0; k < targets.length; k++) {
    const target = targets[k]!
    const x = target % level.width
    perPixel[k] = field.distance[target]! / patchArea(level, x, (target - x) / level.width)
  }
  const sigmaSquared = Math.max(percentile(perPixel, 0.75), 1)
  const weight = new Float32Array(level.width * level.height)
  for (let k = 0; k < targets.length; k++) {
    const target = targets[k]!
    const similarity = Math.exp(-perPixel[k]! / (2 * sigmaSquared))
    weight[target] = Math.max(similarity * CONFIDENCE_DECAY ** -space.holeDepth[target]!, 1e-8)
  }
  return weight
}

function percentile(values: Float32Array, fraction: number): number {
  if (values.length === 0) return 0
  const sorted = values.slice().sort()
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!
}
