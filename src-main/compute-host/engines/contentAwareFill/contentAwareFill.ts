/**
 * Content-aware fill without any model: the masked pixels are rebuilt from patches of the rest of the photo
 * (or of the user's sampling area), by PatchMatch-driven multi-scale completion. Works on the hole's bounding
 * box plus a margin, so the cost follows the hole, not the photo.
 */
import { AppError } from '../../../../src-shared/contract'
import { runInBands, threadCount } from '../../bands/bandPool'
import { completeHole, type CompletionContext } from './completion'
import { binaryMask, maskBounds, type Rect } from './masks'
import { PATCH_RADIUS, searchSpace, type SearchSpace } from './patchMatch'
import { CHANNELS, emptyLevel, type Level } from './pyramid'
import { seededRandom } from './random'
import { computeTexture } from './texture'

export interface FillRequest {
  width: number
  height: number
  /** Straight RGBA, row-major. */
  rgba: Uint8Array
  /** One byte per pixel: ≥ 128 = fill. */
  mask: Uint8Array
  /** One byte per pixel: ≥ 128 = patches may be copied from here. Default: every known pixel. */
  samplingArea?: Uint8Array
  /** Grow the mask by this many pixels first (catches an object's halo). Default 0. */
  grow?: number
  seed?: number
}

export interface FillResult {
  /** The whole layer: known pixels bit-identical to the input, hole pixels filled. */
  rgba: Uint8Array
  /** The bounds of the pixels that changed (the grown mask). */
  filledBounds: Rect
  /** Set when the sampling area held too few patches and the whole layer was sampled instead. */
  fallback?: 'samplingAreaTooSmall'
}

/** A sampling area with fewer whole 7×7 patches than this (about a 14×14 square) falls back to the whole layer. */
const MIN_SAMPLING_PATCHES = 64

export async function contentAwareFill(request: FillRequest, context: CompletionContext): Promise<FillResult> {
  const { width, height } = request
  checkSizes(request)
  const hole = binaryMask(request.mask, width, height, request.grow)
  const filledBounds = maskBounds(hole, width, height)
  if (!filledBounds) throw new AppError('fill.emptyMask', 'The mask is empty: paint over what should be removed.')
  const known = new Uint8Array(hole.length)
  for (let i = 0; i < known.length; i++) known[i] = 1 - hole[i]!
  const random = seededRandom(request.seed ?? 0)

  if (request.samplingArea) {
    const sampling = binaryMask(request.samplingArea, width, height)
    const sampleable = new Uint8Array(known.length)
    for (let i = 0; i < known.length; i++) sampleable[i] = known[i]! & sampling[i]!
    const region = workingRegion(filledBounds, maskBounds(sampleable, width, height), width, height)
    const space = searchSpace(cropLevel(request, hole, sampleable, region))
    if (space.sources.length >= MIN_SAMPLING_PATCHES) return { rgba: await fill(request, space, region, random, context), filledBounds }
  }
  const region = workingRegion(filledBounds, undefined, width, height)
  const space = searchSpace(cropLevel(request, hole, known, region))
  if (space.sources.length === 0)
    throw new AppError('fill.noSource', `No ${2 * PATCH_RADIUS + 1}×${2 * PATCH_RADIUS + 1} patch of the layer lies outside the mask: there is nothing to sample.`)
  return {
    rgba: await fill(request, space, region, random, context),
    filledBounds,
    ...(request.samplingArea ? { fallback: 'samplingAreaTooSmall' as const } : {}),
  }
}

/** From about a third of a megapixel (tens of milliseconds of work) texture features are found over bands of rows on the thread pool. */
const BAND_PIXELS = 300_000

function textureFeatures(level: Level, context: CompletionContext): Promise<void> {
  const { width, height } = level
  if (threadCount() === 1 || width * height < BAND_PIXELS) return Promise.resolve(computeTexture(level))
  return runInBands({ kind: 'fillTexture', level }, 0, height, () => context.checkpoint())
}

function checkSizes({ width, height, rgba, mask, samplingArea }: FillRequest): void {
  const pixels = width * height
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new AppError('api.badInput', `A fill needs a positive whole width and height, not ${width}×${height}.`)
  if (rgba.length !== pixels * 4) throw new AppError('api.badInput', `${width}×${height} RGBA takes ${pixels * 4} bytes, not ${rgba.length}.`)
  if (mask.length !== pixels) throw new AppError('api.badInput', `The mask must have one byte per pixel (${pixels}), not ${mask.length}.`)
  if (samplingArea && samplingArea.length !== pixels)
    throw new AppError('api.badInput', `The sampling area must have one byte per pixel (${pixels}), not ${samplingArea.length}.`)
}

/**
 * The hole's bounds plus a margin of half their longer side (at least 48 px) to sample texture from, widened
 * to take in the sampling area.
 */
function workingRegion(hole: Rect, sampling: Rect | undefined, width: number, height: number): Rect {
  const margin = Math.max(48, Math.ceil(Math.max(hole.width, hole.height) / 2))
  let x0 = hole.x - margin
  let y0 = hole.y - margin
  let x1 = hole.x + hole.width + margin
  let y1 = hole.y + hole.height + margin
  if (sampling) {
    x0 = Math.min(x0, sampling.x)
    y0 = Math.min(y0, sampling.y)
    x1 = Math.max(x1, sampling.x + sampling.width)
    y1 = Math.max(y1, sampling.y + sampling.height)
  }
  x0 = Math.max(0, x0)
  y0 = Math.max(0, y0)
  return { x: x0, y: y0, width: Math.min(width, x1) - x0, height: Math.min(height, y1) - y0 }
}

function cropLevel({ width, rgba }: FillRequest, hole: Uint8Array, sampleable: Uint8Array, region: Rect): Level {
  // The imported constant as a local: under tsx each use of an imported binding is a getter call.
  const stride = CHANNELS
  const level = emptyLevel(region.width, region.height)
  const { colour } = level
  for (let y = 0; y < region.height; y++) {
    const from = (region.y + y) * width + region.x
    level.hole.set(hole.subarray(from, from + region.width), y * region.width)
    level.sampleable.set(sampleable.subarray(from, from + region.width), y * region.width)
    for (let x = 0, o = stride * y * region.width, i = 4 * from; x < region.width; x++, o += stride, i += 4) {
      colour[o] = rgba[i]!
      colour[o + 1] = rgba[i + 1]!
      colour[o + 2] = rgba[i + 2]!
      colour[o + 3] = rgba[i + 3]!
    }
  }
  return level
}

/**
 * Computes the level's texture features, completes its hole and pastes it into a copy of the layer; nothing outside
 * the hole is written.
 */
async function fill(request: FillRequest, space: SearchSpace, region: Rect, random: () => number, context: CompletionContext): Promise<Uint8Array> {
  await textureFeatures(space.level, context)
  await completeHole(space, random, context)
  const rgba = request.rgba.slice()
  const stride = CHANNELS
  const { colour, hole } = space.level
  for (let y = 0; y < region.height; y++) {
    for (let x = 0; x < region.width; x++) {
      const i = y * region.width + x
      if (!hole[i]) continue
      const out = 4 * ((region.y + y) * request.width + region.x + x)
      for (let c = 0; c < 4; c++) rgba[out + c] = Math.round(colour[stride * i + c]!)
    }
  }
  return rgba
}
