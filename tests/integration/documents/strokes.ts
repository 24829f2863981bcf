import { seededRandom } from '../../fixtures/documents/pixels'
import type { PixelPatch } from '../../../src-main/documents/project'

/** The crash test's layer: 8 × 6 tiles, big enough that a stroke spans several tiles. */
export const CRASH_LAYER = { width: 2048, height: 1536 }

/** A 300×300 stroke of noise at a place derived from `seed`: the same seed always paints the same patch. */
export function strokeAt(seed: number): PixelPatch {
  const random = seededRandom(seed)
  const rect = {
    x: Math.floor(random() * (CRASH_LAYER.width - 300)),
    y: Math.floor(random() * (CRASH_LAYER.height - 300)),
    width: 300,
    height: 300,
  }
  const rgba = Buffer.alloc(300 * 300 * 4)
  for (let i = 0; i < rgba.length; i++) rgba[i] = (random() * 256) | 0
  return { rect, rgba }
}
