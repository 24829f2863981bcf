/**
 * The first guess for the coarsest level, filled from the hole's edge inward ring by ring, as in the onion-peel
 * initialisation of Newson et al. 2014 (§4.2): in order of depth in the hole, each pixel takes the centre of the
 * source patch that best matches its already-filled neighbourhood. Unlike a smooth blend it starts the iteration from real texture, so the
 * search is not drawn to the photo's flattest patches.
 */
import { CHANNELS } from './pyramid'
import { partialPatchDistance, PATCH_RADIUS, type NearestNeighbourField, type SearchSpace } from './patchMatch'

/** Random sources tried per pixel before the search around the best of them. */
const RANDOM_TRIES = 8

export function peelInwards(space: SearchSpace, field: NearestNeighbourField, random: () => number): void {
  const { level, sources, isSource } = space
  const { width, height, colour } = level
  const filled = new Uint8Array(width * height)
  const holePixels: number[] = []
  for (let i = 0; i < filled.length; i++) {
    if (level.hole[i]) holePixels.push(i)
    else filled[i] = 1
  }
  holePixels.sort((a, b) => space.holeDepth[a]! - space.holeDepth[b]! || a - b)
  const maxX = width - 1 - PATCH_RADIUS
  const maxY = height - 1 - PATCH_RADIUS
  for (const pixel of holePixels) {
    const x = pixel % width
    const y = (pixel - x) / width
    let best = -1
    let bestDistance = Infinity
    const consider = (candidate: number) => {
      if (candidate < 0 || candidate >= isSource.length || !isSource[candidate]) return
      const d = partialPatchDistance(level, filled, x, y, candidate)
      if (d < bestDistance) (best = candidate), (bestDistance = d)
    }
    // Neighbours filled before this pixel lend their sources, shifted by the step between them.
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx
        const ny = y + dy
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue
        const neighbour = ny * width + nx
        if (level.hole[neighbour] && filled[neighbour] && field.source[neighbour]! >= 0) consider(field.source[neighbour]! - dy * width - dx)
      }
    }
    for (let k = 0; k < RANDOM_TRIES; k++) consider(sources[Math.floor(random() * sources.length)]!)
    for (let radius = Math.max(width, height) >> 2; radius >= 1; radius >>= 1) {
      const bx = best % width
      const by = (best - bx) / width
      const sx = Math.min(maxX, Math.max(PATCH_RADIUS, bx + Math.round((2 * random() - 1) * radius)))
      const sy = Math.min(maxY, Math.max(PATCH_RADIUS, by + Math.round((2 * random() - 1) * radius)))
      consider(sy * width + sx)
    }
    field.source[pixel] = best
    for (let c = 0; c < CHANNELS; c++) colour[CHANNELS * pixel + c] = colour[CHANNELS * best + c]!
    filled[pixel] = 1
  }
}
