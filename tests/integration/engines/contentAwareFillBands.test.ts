import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { BAND_ROWS } from '../../../src-main/compute-host/bands/sharedMemory'
import { BAND_TARGETS } from '../../../src-main/compute-host/engines/contentAwareFill/completion'
import { contentAwareFill } from '../../../src-main/compute-host/engines/contentAwareFill/contentAwareFill'
import { fillBand } from '../../../src-main/compute-host/engines/contentAwareFill/fillBands'
import { dilateSquare } from '../../../src-main/compute-host/engines/contentAwareFill/masks'
import { PATCH_RADIUS, randomField, searchSpace } from '../../../src-main/compute-host/engines/contentAwareFill/patchMatch'
import { CHANNELS, type Level } from '../../../src-main/compute-host/engines/contentAwareFill/pyramid'
import { seededRandom } from '../../../src-main/compute-host/engines/contentAwareFill/random'
import { kodakPath } from '../../fixtures/evalSet'
import { lamaMask } from '../../fixtures/masks'

const noContext = { progress: () => {}, checkpoint: async () => {} }

describe('content-aware fill over bands of rows on the thread pool', () => {
  it('repeats exactly with the same seed when its finest level is searched and voted in bands', async () => {
    const { data, info } = await sharp(kodakPath(3)).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    const photo = { width: info.width, height: info.height, rgba: new Uint8Array(data) }
    const mask = lamaMask('thick', photo.width, photo.height, 9)
    // The finest level's targets are the pixels within a patch radius of the hole: enough of them to go to the pool.
    const targets = dilateSquare(mask, photo.width, photo.height, PATCH_RADIUS).reduce((sum, set) => sum + set, 0)
    expect(targets).toBeGreaterThanOrEqual(BAND_TARGETS)
    const first = await contentAwareFill({ ...photo, mask, seed: 4 }, noContext)
    const again = await contentAwareFill({ ...photo, mask, seed: 4 }, noContext)
    expect(Buffer.compare(first.rgba, again.rgba)).toBe(0)
  })

  it('finds the same field whatever order its search bands run in', () => {
    const level = stripes(96, 200)
    const space = searchSpace(level)
    const start = randomField(space, seededRandom(1))
    const sweep = (order: number[]) => {
      const field = { source: start.source.slice(), distance: start.distance.slice() }
      const band = fillBand({ kind: 'fillSearch', space, field, before: start.source, seed: 3, forward: true, searchRadius: 16, measureOnly: false })
      for (const top of order) band(top, top + BAND_ROWS)
      return field.source
    }
    const tops = Array.from({ length: Math.ceil(level.height / BAND_ROWS) }, (_, k) => k * BAND_ROWS)
    const inOrder = sweep(tops)
    expect(sweep(tops.slice().reverse())).toEqual(inOrder)
    expect(inOrder).not.toEqual(start.source)
  })
})

/** Diagonal colour stripes with a hole across the middle rows, so the hole spans several bands. */
function stripes(width: number, height: number): Level {
  const size = width * height
  const level: Level = { width, height, colour: new Float32Array(size * CHANNELS), hole: new Uint8Array(size), sampleable: new Uint8Array(size) }
  for (let i = 0; i < size; i++) {
    const x = i % width
    const y = (i - x) / width
    const value = ((x + y) % 12) * 20
    level.colour.set([value, 255 - value, 128, 255, 0, 0], CHANNELS * i)
    level.hole[i] = x > 30 && x < 60 && y > 40 && y < 170 ? 1 : 0
    level.sampleable[i] = 1 - level.hole[i]!
  }
  return level
}
