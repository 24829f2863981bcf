/**
 * Space-time completion (Wexler, Shechtman & Irani 2007), in space only: coarse to fine, each level alternates
 * a nearest-neighbour search for every patch overlapping the hole (PatchMatch, which stands in for the paper's
 * exhaustive search) with a vote that rebuilds the hole from those patches (§3.2) — an EM-like iteration that
 * lowers the hole's global patch dissimilarity to the rest of the image.
 */
import { runInBands, threadCount } from '../../bands/bandPool'
import { shared } from '../../bands/sharedMemory'
import { shareSpace, sharedField } from './fillBands'
import { improveField, measureField, randomField, searchSpace, upsampleField, type NearestNeighbourField, type SearchSpace } from './patchMatch'
import { peelInwards } from './initialisation'
import { halve, type Level } from './pyramid'
import { patchWeighting, vote } from './voting'

export interface CompletionContext {
  progress(fraction: number): void
  checkpoint(): Promise<void>
}

/** Halve while some hole pixel lies deeper than this in the hole: at the coarsest level patches reach across it. */
const COARSEST_HOLE_DEPTH = 6
/** …and while the halved level keeps this many pixels per side and this many source patches. */
const COARSEST_SIDE = 24
const COARSEST_SOURCES = 64
/** The coarsest level iterates within the same budget, but 3 to 10 times: thin strokes stop at a fine level. */
const COARSEST_ITERATIONS = [3, 10]
/** Target patches × iterations a finer level may spend, between 1 and 5 iterations: a big hole's finest level gets one. */
const LEVEL_BUDGET = 120_000
const MAX_ITERATIONS = 5
/** Finer levels refine the doubled field near where it points; the coarsest level did the global search. */
const FINE_SEARCH_RADIUS = 16
/**
 * The finest level refines within half that: its search is most of a big fill's time, and one random candidate fewer
 * per target there costs little (Kodak hole gradients within 0.002 and SSIM within 0.004 of a radius of 16).
 */
const FINEST_SEARCH_RADIUS = 8
/** Above this many targets a level only votes with the field upsampled from below: time stays linear in the hole. */
const SEARCH_LIMIT = 1_500_000
/**
 * From this many targets a level's iterations run over bands of rows on the thread pool (a 1 MP photo's four finest
 * levels with a 10 % hole; from 8k its fill was no faster in paired runs): below it the copies into shared memory
 * and the messages cost more than a thread saves.
 */
export const BAND_TARGETS = 3_000

/** Fills the hole of `finest`'s level in place. */
export async function completeHole(finest: SearchSpace, random: () => number, context: CompletionContext): Promise<void> {
  const spaces = pyramidFor(finest)
  const plans = spaces.map((space, index) => plan(space, index === spaces.length - 1, index === 0))
  const totalWork = plans.reduce((sum, { iterations }, index) => sum + spaces[index]!.targets.length * Math.max(iterations, 1), 0)
  let work = 0

  let previous: { space: SearchSpace; field: NearestNeighbourField } | undefined
  for (let index = spaces.length - 1; index >= 0; index--) {
    const space = spaces[index]!
    const { iterations, searchRadius } = plans[index]!
    const steps = levelSteps(space, random, context)
    let field: NearestNeighbourField
    if (previous) {
      // Vote with the doubled field before searching: the hole then holds texture copied at this level's
      // resolution, not the coarse level's blur, which would draw the search to the photo's flattest patches. By the
      // strongest patch, not the mean, for the same reason: on Kodak hole gradients rose from 0.80 to 0.82 of the
      // photo's on medium masks, 0.80 to 0.82 on thick, 0.84 to 0.85 on thin, with SSIM within 0.002.
      field = steps.field(upsampleField(previous.space, previous.field, space, random))
      await steps.vote(field, 'strongest')
    } else {
      field = steps.field(randomField(space, random))
      peelInwards(space, field, random)
    }
    const levelWork = work + space.targets.length * Math.max(iterations, 1)
    let energy = Infinity
    for (let iteration = 0; iteration < Math.max(iterations, 1); iteration++) {
      await context.checkpoint()
      await steps.search(field, iteration, iterations === 0 ? 0 : searchRadius)
      // The finest level keeps copied pixels between its iterations: a mean vote there would blur the estimate and
      // draw the next search to flat patches (a fill's gradients fell to 0.7 of the photo's).
      await steps.vote(field, index === 0 ? 'strongest' : 'mean')
      work += space.targets.length
      context.progress(work / totalWork)
      // Wexler et al. iterate until the energy stops falling. The finest level's, voted by the strongest patch, often
      // rises from its second sweep on; coarser levels' still fall a few per cent a sweep and are left their budget.
      if (index > 0) continue
      const before = energy
      energy = meanDistance(space, field)
      if (energy >= before) break
    }
    if (work < levelWork) context.progress((work = levelWork) / totalWork)
    previous = { space, field }
  }
}

interface LevelSteps {
  /** The field as the steps need it (in shared memory for the pool). */
  field(field: NearestNeighbourField): NearestNeighbourField
  /** Measures the field's pairs, then, unless `searchRadius` is 0, one PatchMatch sweep (forward on even iterations). */
  search(field: NearestNeighbourField, iteration: number, searchRadius: number): Promise<void>
  vote(field: NearestNeighbourField, rule: 'mean' | 'strongest'): Promise<void>
}

/** A level's steps: on this thread, or for big levels over bands of rows on the pool, each band with its own random stream. */
function levelSteps(space: SearchSpace, random: () => number, context: CompletionContext): LevelSteps {
  const { level } = space
  const holePixels = holePixelsOf(level)
  const weight = new Float32Array(level.width * level.height)
  const patchWeights = patchWeighting(space)
  if (threadCount() === 1 || space.targets.length < BAND_TARGETS) {
    const allRows = { top: 0, bottom: level.height }
    return {
      field: (field) => field,
      search: async (field, iteration, searchRadius) => {
        measureField(space, field, allRows)
        if (searchRadius > 0) improveField(space, field, random, iteration % 2 === 0, searchRadius, allRows, field.source)
      },
      vote: async (field, rule) => {
        patchWeights(field, weight)
        vote(level, field.source, weight, holePixels, rule)
      },
    }
  }
  shareSpace(space)
  const sharedWeight = shared(weight)
  const sharedHole = shared(holePixels)
  const first = Math.floor(space.targets[0]! / level.width)
  const last = Math.floor(space.targets[space.targets.length - 1]! / level.width)
  const before = shared(new Int32Array(level.width * level.height))
  const afterBand = () => context.checkpoint()
  return {
    field: sharedField,
    search: (field, iteration, searchRadius) => {
      before.set(field.source)
      const seed = Math.floor(random() * 2 ** 32)
      const job = { kind: 'fillSearch', space, field, before, seed, forward: iteration % 2 === 0, searchRadius, measureOnly: searchRadius === 0 } as const
      return runInBands(job, first, last + 1, afterBand)
    },
    vote: (field, rule) => {
      patchWeights(field, sharedWeight)
      return runInBands({ kind: 'fillVote', level, source: field.source, weight: sharedWeight, holePixels: sharedHole, rule }, first, last + 1, afterBand)
    },
  }
}

/** The search spaces of the pyramid's levels, finest first. */
function pyramidFor(finest: SearchSpace): SearchSpace[] {
  const spaces = [finest]
  for (;;) {
    const { level } = spaces[spaces.length - 1]!
    if (maxOf(spaces[spaces.length - 1]!.holeDepth) <= COARSEST_HOLE_DEPTH) return spaces
    if (Math.min(level.width, level.height) < 2 * COARSEST_SIDE) return spaces
    const coarser = searchSpace(halve(level))
    if (coarser.sources.length < COARSEST_SOURCES) return spaces
    spaces.push(coarser)
  }
}

/** The coarsest level searches the whole level many times; finer ones refine within their budget. */
function plan(space: SearchSpace, coarsest: boolean, finest: boolean) {
  const { width, height } = space.level
  const targets = space.targets.length
  if (coarsest) {
    const [fewest, most] = COARSEST_ITERATIONS
    return { iterations: Math.min(most, Math.max(fewest, Math.round(LEVEL_BUDGET / targets))), searchRadius: Math.max(width, height) }
  }
  if (targets > SEARCH_LIMIT) return { iterations: 0, searchRadius: 0 }
  const iterations = Math.min(MAX_ITERATIONS, Math.max(1, Math.round(LEVEL_BUDGET / targets)))
  return { iterations, searchRadius: Math.min(finest ? FINEST_SEARCH_RADIUS : FINE_SEARCH_RADIUS, Math.max(width, height)) }
}

function holePixelsOf(level: Level): Int32Array {
  let count = 0
  for (let i = 0; i < level.hole.length; i++) count += level.hole[i]!
  const pixels = new Int32Array(count)
  for (let i = 0, k = 0; i < level.hole.length; i++) if (level.hole[i]) pixels[k++] = i
  return pixels
}

/** The mean patch distance of the field: the global dissimilarity that the iterations lower (Wexler et al. §3.1). */
function meanDistance({ targets }: SearchSpace, { distance }: NearestNeighbourField): number {
  let sum = 0
  for (let k = 0; k < targets.length; k++) sum += distance[targets[k]!]!
  return sum / targets.length
}

function maxOf(values: Float32Array): number {
  let max = 0
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!
  return max
}
