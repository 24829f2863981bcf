/**
 * What keeps content-aware fill from blurring (texture features in the patch distance, copied pixels at the finest
 * level) and what keeps it near the hole (the cost of a distant source), on Kodak photos.
 */
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { contentAwareFill } from '../../../src-main/compute-host/engines/contentAwareFill/contentAwareFill'
import { patchDistance } from '../../../src-main/compute-host/engines/contentAwareFill/patchMatch'
import { CHANNELS, TEXTURE, type Level } from '../../../src-main/compute-host/engines/contentAwareFill/pyramid'
import { computeTexture } from '../../../src-main/compute-host/engines/contentAwareFill/texture'
import { kodakPath } from '../../fixtures/evalSet'
import { lamaMask } from '../../fixtures/masks'

async function kodak(index: number, crop?: { left: number; top: number; width: number; height: number }) {
  let image = sharp(kodakPath(index)).ensureAlpha()
  if (crop) image = image.extract(crop)
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true })
  return { width: info.width, height: info.height, rgba: new Uint8Array(data) }
}

/** A level holding the photo, `hole` marking what is unknown. */
function levelOf({ width, height, rgba }: { width: number; height: number; rgba: Uint8Array }, hole: Uint8Array): Level {
  const colour = new Float32Array(width * height * CHANNELS)
  for (let i = 0; i < width * height; i++) for (let c = 0; c < 4; c++) colour[CHANNELS * i + c] = rgba[4 * i + c]!
  return { width, height, colour, hole, sampleable: hole.map((h) => 1 - h) }
}

const lumaAt = (colour: Float32Array, i: number) => 0.299 * colour[CHANNELS * i]! + 0.587 * colour[CHANNELS * i + 1]! + 0.114 * colour[CHANNELS * i + 2]!

describe('texture features', () => {
  it('are the mean absolute luma gradient over the 5×5 window of known pixels, whatever the hole holds', async () => {
    const photo = await kodak(1, { left: 400, top: 200, width: 64, height: 48 })
    const { width, height } = photo
    const hole = new Uint8Array(width * height)
    for (let y = 15; y < 30; y++) hole.fill(1, y * width + 20, y * width + 40)
    const level = levelOf(photo, hole)
    computeTexture(level)

    const known = (x: number, y: number) => x >= 0 && y >= 0 && x < width && y < height && !hole[y * width + x]
    // One-sided where the other neighbour is unknown or outside.
    const gradient = (x: number, y: number, dx: number, dy: number) => {
      const i = y * width + x
      if (known(x + dx, y + dy)) return Math.abs(lumaAt(level.colour, i + dy * width + dx) - lumaAt(level.colour, i))
      if (known(x - dx, y - dy)) return Math.abs(lumaAt(level.colour, i) - lumaAt(level.colour, i - dy * width - dx))
      return 0
    }
    let checked = 0
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (!known(x, y)) continue
        let gx = 0
        let gy = 0
        let n = 0
        for (let wy = y - 2; wy <= y + 2; wy++) {
          for (let wx = x - 2; wx <= x + 2; wx++) {
            if (!known(wx, wy)) continue
            gx += gradient(wx, wy, 1, 0)
            gy += gradient(wx, wy, 0, 1)
            n++
          }
        }
        expect(level.colour[CHANNELS * (y * width + x) + TEXTURE]).toBeCloseTo(gx / n, 3)
        expect(level.colour[CHANNELS * (y * width + x) + TEXTURE + 1]).toBeCloseTo(gy / n, 3)
        checked++
      }
    }
    expect(checked).toBe(width * height - 15 * 20)

    const scribbled = levelOf(photo, hole)
    for (let i = 0; i < hole.length; i++) if (hole[i]) scribbled.colour.fill(i % 7 === 0 ? 255 : 0, CHANNELS * i, CHANNELS * i + 4)
    computeTexture(scribbled)
    for (let i = 0; i < hole.length; i++) {
      if (hole[i]) continue
      expect(scribbled.colour[CHANNELS * i + TEXTURE]).toBe(level.colour[CHANNELS * i + TEXTURE])
    }
  })

  it('come out the same computed band by band of rows (as on the thread pool) as over the whole level', async () => {
    const photo = await kodak(1, { left: 400, top: 200, width: 64, height: 48 })
    const { width, height } = photo
    const hole = new Uint8Array(width * height)
    for (let y = 10; y < 30; y++) hole.fill(1, y * width + 20, y * width + 40)
    const whole = levelOf(photo, hole)
    computeTexture(whole)
    const banded = levelOf(photo, hole)
    // Bands of 7 rows, last first: edges that cut the hole, and one thinner than the window's margin at the bottom.
    for (let top = 42; top >= 0; top -= 7) computeTexture(banded, { top, bottom: Math.min(height, top + 7) })
    expect(banded.colour).toEqual(whole.colour)
  })

  it('count in the patch distance: the same colours with another texture are apart', async () => {
    const level = await doubledWall()
    const copy = 30 * 160 + 110
    const before = patchDistance(level, 30, 30, copy, Infinity)
    for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) level.colour.fill(0, CHANNELS * (copy + dy * 160 + dx) + TEXTURE, CHANNELS * (copy + dy * 160 + dx) + CHANNELS)
    expect(patchDistance(level, 30, 30, copy, Infinity)).toBeGreaterThan(before)
  })
})

describe('the patch distance', () => {
  it('makes the nearer of two identical sources the better match', async () => {
    const level = await doubledWall()
    const near = 30 * 160 + 30
    const far = near + 80
    expect(patchDistance(level, 20, 30, near, Infinity)).toBeLessThan(patchDistance(level, 20, 30, far, Infinity))
  })
})

/** A brick-wall crop beside an exact copy of itself (160×64): every patch of the left half is there twice, 80 px apart. */
async function doubledWall(): Promise<Level> {
  const half = await kodak(1, { left: 380, top: 200, width: 80, height: 64 })
  const rgba = new Uint8Array(160 * 64 * 4)
  for (let y = 0; y < 64; y++) for (let copy = 0; copy < 2; copy++) rgba.set(half.rgba.subarray(4 * 80 * y, 4 * 80 * (y + 1)), 4 * (160 * y + 80 * copy))
  const level = levelOf({ width: 160, height: 64, rgba }, new Uint8Array(160 * 64))
  computeTexture(level)
  return level
}

describe('the fill', () => {
  it('keeps the photo’s texture in the hole: its mean gradient at least 0.7 of the original’s (0.54 before texture features)', async () => {
    const photo = await kodak(3, { left: 0, top: 256, width: 384, height: 256 })
    const mask = lamaMask('thin', photo.width, photo.height, 300)
    const { rgba } = await contentAwareFill({ ...photo, mask, seed: 1 }, { progress: () => {}, checkpoint: async () => {} })
    const ratio = meanGradient(rgba, photo.width, photo.height, mask) / meanGradient(photo.rgba, photo.width, photo.height, mask)
    expect(ratio).toBeGreaterThan(0.7)
    expect(ratio).toBeLessThan(1.3)
  })
})

/** Mean central-difference luma gradient magnitude over the set pixels of `mask`. */
function meanGradient(rgba: Uint8Array, width: number, height: number, mask: Uint8Array): number {
  const luma = (x: number, y: number) => {
    const i = 4 * (Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x)))
    return 0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!
  }
  let sum = 0
  let count = 0
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue
      sum += Math.hypot((luma(x + 1, y) - luma(x - 1, y)) / 2, (luma(x, y + 1) - luma(x, y - 1)) / 2)
      count++
    }
  }
  return sum / count
}
