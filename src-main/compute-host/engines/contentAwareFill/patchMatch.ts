/**
 * PatchMatch (Barnes, Shechtman, Finkelstein & Goldman 2009): an approximate nearest-neighbour field from
 * every patch that overlaps the hole (a target) to a patch of sampleable pixels (a source), found by random
 * initialisation, propagation of good matches to neighbours (§3.2) and random search at shrinking radii (§3.2).
 */
import { dilateSquare, distanceFromMask, patchCentresWithin } from './masks'
import { CHANNELS, TEXTURE, type Level } from './pyramid'

/** 7×7 patches, as in Wexler et al. 2007 §4. */
export const PATCH_RADIUS = 3

/**
 * Weight of the texture features' squared differences against the RGB ones' in a patch distance: on Kodak, 10 to 15
 * brought hole gradients to 0.8 of the photo's or more; above 15 hole SSIM starts to fall.
 */
const TEXTURE_WEIGHT = 15
/**
 * What each pixel (at the level's scale) between a target and its source adds to their distance, as if every pixel of
 * the patch differed by √40 per channel: of two equally good sources the nearer is likelier to be what lay behind
 * the object, and the fill keeps the hole's own surroundings (hole SSIM rose by 0.02–0.05 on Kodak).
 */
const LOCALITY_COST = 40 * (2 * PATCH_RADIUS + 1) ** 2

/** Where a level's patches may come from and go to. */
export interface SearchSpace {
  level: Level
  /** Centres of the patches that overlap the hole, in raster order. */
  targets: Int32Array
  /** Centres of the patches that lie wholly on sampleable pixels (1) — never within PATCH_RADIUS of an edge. */
  isSource: Uint8Array
  sources: Int32Array
  /** Distance in pixels from each pixel to the nearest known one (0 outside the hole). */
  holeDepth: Float32Array
}

/** For each target, the centre of its best source so far (-1 for non-targets) and their distance. */
export interface NearestNeighbourField {
  source: Int32Array
  /** The patch distance (patchDistance) of the pair. */
  distance: Float32Array
}

export function searchSpace(level: Level): SearchSpace {
  const { width, height } = level
  const isTarget = dilateSquare(level.hole, width, height, PATCH_RADIUS)
  const isSource = patchCentresWithin(level.sampleable, width, height, PATCH_RADIUS)
  const known = new Uint8Array(width * height)
  for (let i = 0; i < known.length; i++) known[i] = 1 - level.hole[i]!
  return { level, targets: indicesOf(isTarget), isSource, sources: indicesOf(isSource), holeDepth: distanceFromMask(known, width, height) }
}

function indicesOf(map: Uint8Array): Int32Array {
  let count = 0
  for (let i = 0; i < map.length; i++) count += map[i]!
  const indices = new Int32Array(count)
  for (let i = 0, k = 0; i < map.length; i++) if (map[i]) indices[k++] = i
  return indices
}

/** Barnes et al. §3.1: each target starts at a uniformly random source. */
export function randomField(space: SearchSpace, random: () => number): NearestNeighbourField {
  const field = emptyField(space.level)
  for (const target of space.targets) field.source[target] = randomSource(space, random)
  return field
}

/**
 * The coarser level's field, doubled (Wexler et al. §3.3): a fine target takes its coarse parent's source,
 * offset by its own position within the parent. Offsets that leave the sources start at a random one.
 */
export function upsampleField(coarse: SearchSpace, coarseField: NearestNeighbourField, fine: SearchSpace, random: () => number) {
  const field = emptyField(fine.level)
  const { width, height } = fine.level
  const coarseWidth = coarse.level.width
  for (const target of fine.targets) {
    const x = target % width
    const y = (target - x) / width
    const cx = Math.min(x >> 1, coarseWidth - 1)
    const cy = Math.min(y >> 1, coarse.level.height - 1)
    const parent = coarseField.source[cy * coarseWidth + cx]!
    let source = -1
    if (parent >= 0) {
      const sx = 2 * (parent % coarseWidth) + (x - 2 * cx)
      const sy = 2 * Math.floor(parent / coarseWidth) + (y - 2 * cy)
      if (sx < width && sy < height && fine.isSource[sy * width + sx]) source = sy * width + sx
    }
    field.source[target] = source >= 0 ? source : randomSource(fine, random)
    // The parent's distance, as a stand-in weight for the first vote, until measureField replaces it.
    field.distance[target] = parent >= 0 ? 4 * coarseField.distance[cy * coarseWidth + cx]! : Infinity
  }
  return field
}

function emptyField(level: Level): NearestNeighbourField {
  const size = level.width * level.height
  return { source: new Int32Array(size).fill(-1), distance: new Float32Array(size) }
}

function randomSource(space: SearchSpace, random: () => number): number {
  return space.sources[Math.floor(random() * space.sources.length)]!
}

/** Rows [top, bottom) of a level: a band that one thread searches on its own. */
export interface Rows {
  top: number
  bottom: number
}

/** The pixels of raster-ordered `pixels` (targets, hole pixels) that lie in `rows`: a run of them. */
export function inRows(pixels: Int32Array, width: number, { top, bottom }: Rows): Int32Array {
  return pixels.subarray(firstAtOrAfter(pixels, top * width), firstAtOrAfter(pixels, bottom * width))
}

/** The index of the first of the ascending `values` that is ≥ `value`. */
function firstAtOrAfter(values: Int32Array, value: number): number {
  let low = 0
  let high = values.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (values[middle]! < value) low = middle + 1
    else high = middle
  }
  return low
}

/** Distances of the field's current pairs in `rows`: the hole's colours change after every vote. */
export function measureField(space: SearchSpace, field: NearestNeighbourField, rows: Rows): void {
  const { width } = space.level
  const targets = inRows(space.targets, width, rows)
  for (let k = 0; k < targets.length; k++) {
    const target = targets[k]!
    const x = target % width
    field.distance[target] = patchDistance(space.level, x, (target - x) / width, field.source[target]!, Infinity)
  }
}

/**
 * One PatchMatch sweep: in raster order when `forward`, else reversed (Barnes et al. §3.2 alternate them), each
 * target tries its scan-order predecessors' sources shifted by one, then random sources around its best at radii
 * halving from `searchRadius` down to one pixel. Only the targets in `rows` are swept, and they propagate only among
 * themselves and with `outside` (the field as it was before the sweep) for neighbours in other rows, so bands of rows
 * can be swept at once by different threads and still repeat exactly.
 */
export function improveField(
  space: SearchSpace,
  field: NearestNeighbourField,
  random: () => number,
  forward: boolean,
  searchRadius: number,
  rows: Rows,
  outside: Int32Array,
) {
  const { level, isSource } = space
  const targets = inRows(space.targets, level.width, rows)
  const { width } = level
  const { source, distance } = field
  const { top, bottom } = rows
  const step = forward ? 1 : -1
  const maxX = width - 1 - PATCH_RADIUS
  const maxY = level.height - 1 - PATCH_RADIUS
  for (let k = forward ? 0 : targets.length - 1; k >= 0 && k < targets.length; k += step) {
    const target = targets[k]!
    const x = target % width
    const y = (target - x) / width
    let best = source[target]!
    let bestDistance = distance[target]!
    // Propagation: a neighbour's good source, shifted by the step between the two targets.
    const beside = x - step >= 0 && x - step < width ? source[target - step]! : -1
    const above = y - step >= top && y - step < bottom ? source[target - step * width]! : y - step >= 0 && y - step < level.height ? outside[target - step * width]! : -1
    for (let n = 0; n < 2; n++) {
      const from = n === 0 ? beside : above
      if (from < 0) continue
      const candidate = from + (n === 0 ? step : step * width)
      if (candidate === best || !isSource[candidate]) continue
      const d = patchDistance(level, x, y, candidate, bestDistance)
      if (d < bestDistance) {
        best = candidate
        bestDistance = d
      }
    }
    // Random search around the best so far, the window halving each time (α = ½).
    const bx = best % width
    const by = (best - bx) / width
    for (let r = searchRadius; r >= 1; r >>= 1) {
      const sx = clamp(bx + Math.round((2 * random() - 1) * r), PATCH_RADIUS, maxX)
      const sy = clamp(by + Math.round((2 * random() - 1) * r), PATCH_RADIUS, maxY)
      const candidate = sy * width + sx
      if (candidate === best || !isSource[candidate]) continue
      const d = patchDistance(level, x, y, candidate, bestDistance)
      if (d < bestDistance) {
        best = candidate
        bestDistance = d
      }
    }
    source[target] = best
    distance[target] = bestDistance
  }
}

const clamp = (value: number, low: number, high: number) => (value < low ? low : value > high ? high : value)

/**
 * Sum of squared RGB and weighted texture-feature differences between the target patch centred at (x, y) — clipped
 * to the level — and the source patch centred at `source`, which is always whole, plus the cost of the distance
 * between them. Stops early once it exceeds `limit`.
 */
export function patchDistance(level: Level, x: number, y: number, source: number, limit: number): number {
  const { width, height, colour } = level
  const apartX = (source % width) - x
  const apartY = ((source / width) | 0) - y
  let sum = LOCALITY_COST * Math.sqrt(apartX * apartX + apartY * apartY)
  if (sum > limit) return sum
  const x0 = x < PATCH_RADIUS ? -x : -PATCH_RADIUS
  const x1 = x + PATCH_RADIUS >= width ? width - 1 - x : PATCH_RADIUS
  const y0 = y < PATCH_RADIUS ? -y : -PATCH_RADIUS
  const y1 = y + PATCH_RADIUS >= height ? height - 1 - y : PATCH_RADIUS
  // Imported constants as locals: a test runner's module transform turns each use into a property read.
  const stride = CHANNELS
  const texture = TEXTURE
  const span = stride * (x1 - x0 + 1)
  // From a target pixel's index in `colour` to its source pixel's.
  const apart = stride * (source - (y * width + x))
  for (let dy = y0; dy <= y1; dy++) {
    const rowStart = stride * ((y + dy) * width + x + x0)
    let colourSum = 0
    let textureSum = 0
    for (let t = rowStart; t < rowStart + span; t += stride) {
      const s = t + apart
      const r = colour[t]! - colour[s]!
      const g = colour[t + 1]! - colour[s + 1]!
      const b = colour[t + 2]! - colour[s + 2]!
      const u = colour[t + texture]! - colour[s + texture]!
      const v = colour[t + texture + 1]! - colour[s + texture + 1]!
      colourSum += r * r + g * g + b * b
      textureSum += u * u + v * v
    }
    sum += colourSum + TEXTURE_WEIGHT * textureSum
    if (sum > limit) return sum
  }
  return sum
}

/** How many pixels of the target patch centred at (x, y) lie inside the level. */
export function patchArea(level: Level, x: number, y: number): number {
  const w = Math.min(x + PATCH_RADIUS, level.width - 1) - Math.max(x - PATCH_RADIUS, 0) + 1
  const h = Math.min(y + PATCH_RADIUS, level.height - 1) - Math.max(y - PATCH_RADIUS, 0) + 1
  return w * h
}

/**
 * Like patchDistance, over the target patch's `filled` pixels only, as a mean per pixel — Infinity if none is
 * filled. For the first guess, before the hole has colours worth comparing.
 */
export function partialPatchDistance(level: Level, filled: Uint8Array, x: number, y: number, source: number): number {
  const { width, height, colour } = level
  let sum = 0
  let count = 0
  for (let dy = Math.max(-PATCH_RADIUS, -y); dy <= Math.min(PATCH_RADIUS, height - 1 - y); dy++) {
    for (let dx = Math.max(-PATCH_RADIUS, -x); dx <= Math.min(PATCH_RADIUS, width - 1 - x); dx++) {
      const t = (y + dy) * width + x + dx
      if (!filled[t]) continue
      const s = CHANNELS * (source + dy * width + dx)
      const p = CHANNELS * t
      const r = colour[p]! - colour[s]!
      const g = colour[p + 1]! - colour[s + 1]!
      const b = colour[p + 2]! - colour[s + 2]!
      const u = colour[p + TEXTURE]! - colour[s + TEXTURE]!
      const v = colour[p + TEXTURE + 1]! - colour[s + TEXTURE + 1]!
      sum += r * r + g * g + b * b + TEXTURE_WEIGHT * (u * u + v * v)
      count++
    }
  }
  return count === 0 ? Infinity : sum / count
}
