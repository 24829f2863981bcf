/**
 * The fill's work over a band of a level's rows, for the compute host's thread pool (bands/): the texture features of
 * the band's pixels before the completion, then the steps of each completion iteration (completion.ts), the PatchMatch
 * search of the band's targets and the vote of its hole pixels. A level's arrays lie in shared memory; each band
 * writes only its own pixels' features, its own targets' field and its own hole pixels, and reads other bands'
 * sources from a copy made before the step and hole colours only where no band writes during it, so bands may run in
 * any order on any thread.
 */
import { improveField, inRows, measureField, type NearestNeighbourField, type SearchSpace } from './patchMatch'
import { shared } from '../../bands/sharedMemory'
import type { Level } from './pyramid'
import { seededRandom } from './random'
import { computeTexture } from './texture'
import { vote } from './voting'

export type FillBandJob =
  | {
      kind: 'fillSearch'
      space: SearchSpace
      field: NearestNeighbourField
      /** The field's sources before this sweep: what a band propagates from across its edges. */
      before: Int32Array
      seed: number
      forward: boolean
      searchRadius: number
      measureOnly: boolean
    }
  | { kind: 'fillVote'; level: Level; source: Int32Array; weight: Float32Array; holePixels: Int32Array; rule: 'mean' | 'strongest' }
  | { kind: 'fillTexture'; level: Level }

export function fillBand(job: FillBandJob): (top: number, bottom: number) => void {
  if (job.kind === 'fillTexture') return (top, bottom) => computeTexture(job.level, { top, bottom })
  if (job.kind === 'fillVote') {
    const { level, source, weight, holePixels, rule } = job
    return (top, bottom) => vote(level, source, weight, inRows(holePixels, level.width, { top, bottom }), rule)
  }
  const { space, field, before, seed, forward, searchRadius, measureOnly } = job
  return (top, bottom) => {
    measureField(space, field, { top, bottom })
    // Each band draws from its own stream, seeded by the iteration and the band: the same whichever thread runs it.
    if (!measureOnly) improveField(space, field, seededRandom(bandSeed(seed, top)), forward, searchRadius, { top, bottom }, before)
  }
}

const bandSeed = (seed: number, top: number) => (seed ^ Math.imul(top + 1, 0x9e3779b1)) >>> 0

/** Moves a search space's arrays into shared memory, where the pool's threads can read and write them, unless there already. */
export function shareSpace(space: SearchSpace): void {
  const { level } = space
  level.colour = inShared(level.colour)
  level.hole = inShared(level.hole)
  level.sampleable = inShared(level.sampleable)
  space.targets = inShared(space.targets)
  space.isSource = inShared(space.isSource)
  space.sources = inShared(space.sources)
  space.holeDepth = inShared(space.holeDepth)
}

const inShared = <T extends Uint8Array | Int32Array | Float32Array>(values: T): T =>
  values.buffer instanceof SharedArrayBuffer ? values : shared(values)

export function sharedField({ source, distance }: NearestNeighbourField): NearestNeighbourField {
  return { source: shared(source), distance: shared(distance) }
}
