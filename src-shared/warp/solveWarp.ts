import { foldedCells } from './folds'
import { radiusRegion } from './radiusRegion'
import { regionWeights } from './regionWeights'
import type { Drag, PixelRect, WarpRegion } from './types'
import { solveField, type FieldOptions, type WarpField } from './warpField'

export interface WarpSolution {
  /** The field to resample with: the drag itself, or the drag shortened by `limitFactor` when it folded. */
  field: WarpField
  /** Where the drag as asked folds the image over itself (layer pixels); empty when it does not. */
  foldedCells: PixelRect[]
  /** 1 when the drag is applied in full; otherwise the fraction of each handle's way to its target that keeps every cell unfolded. */
  limitFactor: number
}

/** Halvings of the search for the largest fold-free drag: the factor is then known to 1/4096. */
const BISECTIONS = 12

/** How the drag is solved, where a caller may trade exactness for time (the preview while a point moves). */
export interface SolveOptions extends FieldOptions {
  /** Halvings of the fold limit's search; BISECTIONS unless given. */
  bisections?: number
}

/**
 * The drag as a field over the region's rectangle (or the whole layer), checked for folds. A drag that folds is
 * shortened, each target moved back toward its handle by the same factor, to the longest that keeps every
 * cell's orientation (found by bisection; no drag, factor 0, never folds), and the folds of the full drag are
 * reported so the user sees where it went too far.
 */
export function solveWarp(
  drag: Drag,
  layer: { width: number; height: number },
  region?: WarpRegion,
  options: SolveOptions = {},
): WarpSolution {
  const limited = region ?? radiusRegionOf(drag, layer)
  const area = limited ? limited.rect : { x: 0, y: 0, width: layer.width, height: layer.height }
  const weights = limited && weightsOf(limited, layer)
  const fieldAt = (factor: number) => solveField(shortened(drag, factor), area, weights, options)
  const field = fieldAt(1)
  const folds = foldedCells(field)
  if (folds.length === 0) return { field, foldedCells: [], limitFactor: 1 }
  let fits = 0
  let folding = 1
  for (let step = 0; step < (options.bisections ?? BISECTIONS); step++) {
    const middle = (fits + folding) / 2
    if (foldedCells(fieldAt(middle)).length === 0) fits = middle
    else folding = middle
  }
  return { field: fieldAt(fits), foldedCells: folds, limitFactor: fits }
}

/** The last radius region, kept: the preview solves the same handles and radius on every frame of a drag. */
let lastRadiusRegion: { key: string; region: WarpRegion | undefined } | undefined

/** The discs around the handles a drag with a radius and no pins may move (radiusRegion); undefined otherwise. */
function radiusRegionOf(drag: Drag, layer: { width: number; height: number }): WarpRegion | undefined {
  if (drag.radius === undefined || drag.pins.length > 0) return undefined
  const key = JSON.stringify([drag.handles, drag.radius, layer.width, layer.height])
  if (lastRadiusRegion?.key !== key) lastRadiusRegion = { key, region: radiusRegion(drag.handles, drag.radius, layer) }
  return lastRadiusRegion.region
}

/**
 * Each region's weights, kept while the region lives: the preview solves the same region on every frame of a
 * drag, and the distance transform behind the weights costs more than the solve.
 */
const regionWeightCache = new WeakMap<WarpRegion, { width: number; height: number; weights: Float32Array }>()

function weightsOf(region: WarpRegion, layer: { width: number; height: number }): Float32Array {
  const cached = regionWeightCache.get(region)
  if (cached?.width === layer.width && cached.height === layer.height) return cached.weights
  const weights = regionWeights(region, layer)
  regionWeightCache.set(region, { ...layer, weights })
  return weights
}

/** The drag with every target moved `factor` of the way from its handle. */
export function shortened(drag: Drag, factor: number): Drag {
  if (factor === 1) return drag
  const targets = drag.handles.map((handle, i) => ({
    x: handle.x + factor * (drag.targets[i]!.x - handle.x),
    y: handle.y + factor * (drag.targets[i]!.y - handle.y),
  }))
  return { ...drag, targets }
}
