/**
 * What a warp uncovered is filled piece by piece, in windows that follow each piece: a strip longer than a tile is
 * filled in several, every uncovered pixel is rebuilt from the photo (never from the other pieces' unfilled
 * pixels), and every other pixel keeps its bytes.
 */
import { describe, expect, it } from 'vitest'
import { fillUncovered } from '../../../src-main/compute-host/engines/warp/fillUncovered'
import { kodakRgba } from '../../fixtures/images'

const WIDTH = 2304
const HEIGHT = 512
const MAGENTA = [255, 0, 255, 255]

/** Three Kodak photos side by side, longer than one tile, so a strip along the top crosses tiles. */
async function widePhoto(): Promise<Uint8Array> {
  const photos = await Promise.all([kodakRgba(5), kodakRgba(8), kodakRgba(3)])
  const rgba = new Uint8Array(WIDTH * HEIGHT * 4)
  for (let y = 0; y < HEIGHT; y++) photos.forEach((photo, k) => rgba.set(photo.subarray(y * 768 * 4, (y + 1) * 768 * 4), (y * WIDTH + k * 768) * 4))
  return rgba
}

describe('fillUncovered', () => {
  it('rebuilds every uncovered pixel from the photo and leaves the rest bit-identical', async () => {
    const photo = await widePhoto()
    const uncovered = new Uint8Array(WIDTH * HEIGHT)
    // A strip along the whole top edge, and a short one just below it: two pieces whose windows overlap.
    for (let y = 0; y < 14; y++) uncovered.fill(255, y * WIDTH, (y + 1) * WIDTH)
    for (let y = 30; y < 44; y++) uncovered.fill(255, y * WIDTH + 600, y * WIDTH + 900)
    // The warp leaves garbage where it uncovers; here, magenta.
    const rgba = photo.slice()
    for (let i = 0; i < uncovered.length; i++) if (uncovered[i]) rgba.set(MAGENTA, i * 4)

    const progress: number[] = []
    await fillUncovered({ width: WIDTH, height: HEIGHT, rgba }, uncovered, { progress: (f) => progress.push(f), checkpoint: async () => {} })

    let changedOutside = 0
    let magentaLike = 0
    const greys = new Set<number>()
    for (let i = 0; i < uncovered.length; i++) {
      const p = i * 4
      if (!uncovered[i]) {
        if (rgba[p] !== photo[p] || rgba[p + 1] !== photo[p + 1] || rgba[p + 2] !== photo[p + 2] || rgba[p + 3] !== photo[p + 3]) changedOutside++
        continue
      }
      if (Math.abs(rgba[p]! - 255) + rgba[p + 1]! + Math.abs(rgba[p + 2]! - 255) < 120) magentaLike++
      greys.add((rgba[p]! + rgba[p + 1]! + rgba[p + 2]!) >> 2)
    }
    expect(changedOutside).toBe(0)
    expect(magentaLike).toBe(0)
    // Texture, not a flat colour.
    expect(greys.size).toBeGreaterThan(40)
    expect(progress.at(-1)).toBeCloseTo(1, 5)
    expect(progress.every((f, i) => i === 0 || f >= progress[i - 1]! - 1e-9)).toBe(true)
  })
})
