import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import { contentAwareFill, type FillRequest } from '../../../src-main/compute-host/engines/contentAwareFill/contentAwareFill'
import { ProjectStore } from '../../../src-main/documents/project'
import { fromTransfer } from '../../../src-main/jobs/tiledTransfer'
import { AppError, type ErrorCode } from '../../../src-shared/contract'
import { kodakPath } from '../../fixtures/evalSet'
import { lamaMask } from '../../fixtures/masks'

interface Photo {
  width: number
  height: number
  rgba: Uint8Array
}

/** A region of a Kodak photo as RGBA. */
async function kodakCrop(index: number, left = 0, top = 0, width?: number, height?: number): Promise<Photo> {
  let image = sharp(kodakPath(index)).ensureAlpha()
  if (width && height) image = image.extract({ left, top, width, height })
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true })
  return { width: info.width, height: info.height, rgba: new Uint8Array(data) }
}

/** 255 inside the rectangles. */
function boxes(width: number, height: number, ...rects: [x: number, y: number, w: number, h: number][]): Uint8Array {
  const mask = new Uint8Array(width * height)
  for (const [x, y, w, h] of rects) for (let row = y; row < y + h; row++) mask.fill(255, row * width + x, row * width + x + w)
  return mask
}

const noContext = { progress: () => {}, checkpoint: async () => {} }
const fill = (request: FillRequest) => contentAwareFill(request, noContext)

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected ${code}, got ${JSON.stringify(value).slice(0, 80)}`)
    },
    (error: unknown) => error,
  )
  expect(error).toBeInstanceOf(AppError)
  expect((error as AppError).code).toBe(code)
  return error as AppError
}

function changedPixels(before: Uint8Array, after: Uint8Array, mask: Uint8Array): { outside: number; inside: number } {
  let outside = 0
  let inside = 0
  for (let i = 0; i < mask.length; i++) {
    const same = before[4 * i] === after[4 * i] && before[4 * i + 1] === after[4 * i + 1] && before[4 * i + 2] === after[4 * i + 2] && before[4 * i + 3] === after[4 * i + 3]
    if (same) continue
    if (mask[i]) inside++
    else outside++
  }
  return { outside, inside }
}

const luma = (rgba: Uint8Array, i: number) => 0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!

function lumaVariance(rgba: Uint8Array, pixels: number[]): number {
  const values = pixels.map((i) => luma(rgba, i))
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length
  return values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length
}

/** Pixels of the known ring `width` px wide around the box. */
function ringAround(photo: Photo, [x, y, w, h]: [number, number, number, number], width: number): number[] {
  const ring: number[] = []
  for (let row = Math.max(0, y - width); row < Math.min(photo.height, y + h + width); row++) {
    for (let col = Math.max(0, x - width); col < Math.min(photo.width, x + w + width); col++) {
      if (row < y || row >= y + h || col < x || col >= x + w) ring.push(row * photo.width + col)
    }
  }
  return ring
}

/** RMS difference between the 5×5 patch at (x, y) of the fill and its nearest 5×5 patch lying wholly in the known part. */
function nearestKnownPatchRms(photo: Photo, filled: Uint8Array, mask: Uint8Array, x: number, y: number): number {
  const { width, height, rgba } = photo
  let best = Infinity
  for (let sy = 2; sy < height - 2; sy++) {
    for (let sx = 2; sx < width - 2; sx++) {
      let sum = 0
      for (let dy = -2; dy <= 2 && sum < best; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const s = (sy + dy) * width + sx + dx
          if (mask[s]) sum = Infinity
          const t = 4 * ((y + dy) * width + x + dx)
          for (let c = 0; c < 3; c++) sum += (filled[t + c]! - rgba[4 * s + c]!) ** 2
        }
      }
      if (sum < best) best = sum
    }
  }
  return Math.sqrt(best / 75)
}

describe('content-aware fill on real photos', () => {
  // The brick wall and shutters of kodim01: texture a flat colour could not pass for.
  const hole: [number, number, number, number] = [100, 70, 40, 40]

  it('changes only the hole, and fills it with the photo’s own texture', async () => {
    const photo = await kodakCrop(1, 380, 200, 240, 180)
    const mask = boxes(photo.width, photo.height, hole)
    const { rgba, filledBounds } = await fill({ ...photo, mask, seed: 1 })

    expect(filledBounds).toEqual({ x: 100, y: 70, width: 40, height: 40 })
    const changed = changedPixels(photo.rgba, rgba, mask)
    expect(changed.outside).toBe(0)
    expect(changed.inside).toBeGreaterThan(0.5 * 40 * 40)

    const inside = [...mask.keys()].filter((i) => mask[i])
    const ratio = lumaVariance(rgba, inside) / lumaVariance(photo.rgba, ringAround(photo, hole, 20))
    expect(ratio).toBeGreaterThan(0.3)
    expect(ratio).toBeLessThan(3)

    // The fill's 5×5 patches (sampled on a grid) nearly repeat somewhere in the known part of the photo; only where
    // two copied pieces meet (a seam) may a patch be new.
    const distances: number[] = []
    for (let y = hole[1] + 2; y < hole[1] + hole[3] - 2; y += 9) {
      for (let x = hole[0] + 2; x < hole[0] + hole[2] - 2; x += 9) distances.push(nearestKnownPatchRms(photo, rgba, mask, x, y))
    }
    distances.sort((a, b) => a - b)
    expect(distances[Math.floor(distances.length / 2)]).toBeLessThan(10)
    expect(distances[Math.floor(distances.length * 0.75)]).toBeLessThan(15)
  })

  it('copies every filled colour from the sampling area when one is given', async () => {
    const photo = await kodakCrop(3, 0, 0, 256, 256)
    const mask = boxes(photo.width, photo.height, [150, 150, 50, 50])
    const samplingArea = boxes(photo.width, photo.height, [0, 0, 120, 256])
    const { rgba, fallback } = await fill({ ...photo, mask, samplingArea, seed: 2 })
    expect(fallback).toBeUndefined()
    const sampled = new Set<number>()
    for (let i = 0; i < mask.length; i++) if (samplingArea[i]) sampled.add(rgb(photo.rgba, i))
    for (let i = 0; i < mask.length; i++) if (mask[i]) expect(sampled.has(rgb(rgba, i))).toBe(true)
  })

  it('repeats exactly with the same seed and differs with another', async () => {
    const photo = await kodakCrop(5, 200, 100, 160, 128)
    const mask = lamaMask('medium', photo.width, photo.height, 4)
    const first = await fill({ ...photo, mask, seed: 7 })
    const again = await fill({ ...photo, mask, seed: 7 })
    const other = await fill({ ...photo, mask, seed: 8 })
    expect(Buffer.compare(first.rgba, again.rgba)).toBe(0)
    expect(changedPixels(first.rgba, other.rgba, mask).inside).toBeGreaterThan(0)
  })

  it('reports progress that only grows and ends at 1', async () => {
    const photo = await kodakCrop(8, 0, 0, 192, 160)
    const mask = lamaMask('thick', photo.width, photo.height, 3)
    const fractions: number[] = []
    let checkpoints = 0
    await contentAwareFill({ ...photo, mask }, { progress: (f) => fractions.push(f), checkpoint: async () => void checkpoints++ })
    expect(fractions.length).toBeGreaterThan(5)
    expect(checkpoints).toBeGreaterThan(5)
    for (let k = 1; k < fractions.length; k++) expect(fractions[k]).toBeGreaterThan(fractions[k - 1]!)
    expect(fractions[fractions.length - 1]).toBeCloseTo(1, 10)
  })

  it('fills a mask that touches every edge of the layer', async () => {
    const photo = await kodakCrop(2, 100, 100, 200, 160)
    const mask = boxes(photo.width, photo.height, [0, 70, 200, 16], [90, 0, 16, 160])
    const { rgba } = await fill({ ...photo, mask, seed: 3 })
    const changed = changedPixels(photo.rgba, rgba, mask)
    expect(changed.outside).toBe(0)
    expect(changed.inside).toBeGreaterThan(0.5 * (200 * 16 + 160 * 16 - 16 * 16))
  })
})

describe('content-aware fill refuses what it cannot do', () => {
  let photo: Photo
  beforeAll(async () => {
    photo = await kodakCrop(4, 0, 0, 96, 64)
  })

  it('an empty mask: fill.emptyMask', async () => {
    await expectCode(fill({ ...photo, mask: new Uint8Array(96 * 64) }), 'fill.emptyMask')
    // Faint strokes below half opacity do not count as a hole either.
    await expectCode(fill({ ...photo, mask: new Uint8Array(96 * 64).fill(100) }), 'fill.emptyMask')
  })

  it('a mask over the whole layer, or leaving no 7×7 patch outside it: fill.noSource', async () => {
    await expectCode(fill({ ...photo, mask: new Uint8Array(96 * 64).fill(255) }), 'fill.noSource')
    const frame = new Uint8Array(96 * 64).fill(255)
    for (let y = 0; y < 64; y++) for (let x = 0; x < 96; x++) if (x < 4 || y < 4) frame[y * 96 + x] = 0
    const error = await expectCode(fill({ ...photo, mask: frame }), 'fill.noSource')
    expect(error.message).toContain('7×7')
  })

  it('a grown mask that swallows the layer: fill.noSource', async () => {
    await expectCode(fill({ ...photo, mask: boxes(96, 64, [20, 10, 56, 44]), grow: 40 }), 'fill.noSource')
  })

  it('a sampling area too small for patches falls back to the whole layer and says so', async () => {
    const samplingArea = boxes(96, 64, [0, 0, 10, 10])
    const mask = boxes(96, 64, [40, 20, 16, 16])
    const { rgba, fallback } = await fill({ ...photo, mask, samplingArea, seed: 1 })
    expect(fallback).toBe('samplingAreaTooSmall')
    expect(changedPixels(photo.rgba, rgba, mask).outside).toBe(0)
  })

  it('buffers of the wrong size: api.badInput', async () => {
    await expectCode(fill({ ...photo, mask: new Uint8Array(10) }), 'api.badInput')
    await expectCode(fill({ ...photo, rgba: photo.rgba.subarray(4), mask: new Uint8Array(96 * 64) }), 'api.badInput')
    await expectCode(fill({ ...photo, mask: boxes(96, 64, [1, 1, 4, 4]), samplingArea: new Uint8Array(3) }), 'api.badInput')
  })
})

describe('content-aware fill through the real compute host, read from and tiled into a project file', () => {
  let compute: ComputeHost
  let folder: string
  beforeAll(() => {
    compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
    folder = mkdtempSync(join(tmpdir(), 'fill-to-tiles-'))
  })
  afterAll(() => {
    compute.dispose()
    rmSync(folder, { recursive: true, force: true })
  })

  /** The photo as a project's background, and the host's request to fill `mask` over all of it. */
  function project(photo: Photo, mask: Uint8Array, seed = 0) {
    const store = ProjectStore.create(join(folder, `${randomUUID()}.zproj`), { name: 'fill', width: photo.width, height: photo.height, rgba: Buffer.from(photo.rgba) })
    const crop = { x: 0, y: 0, width: photo.width, height: photo.height }
    const engine = { kind: 'content-aware' as const, seed }
    return { store, request: { file: store.file, versionId: store.head, layerId: 'background', crop, mask, grow: 0, engine } }
  }

  it('gives the same pixels as a direct call, as tiles of the layer, with progress', async () => {
    const photo = await kodakCrop(6, 300, 200, 160, 120)
    const mask = lamaMask('medium', photo.width, photo.height, 6)
    const { store, request } = project(photo, mask, 5)
    const fractions: number[] = []
    const { tiled } = await compute.run('project.fillToTiles', request, { onProgress: (f) => fractions.push(f) })
    const pixels = fromTransfer(tiled)
    await store.storeTiles(pixels.newTiles)
    store.commitEdit({ operation: 'remove', layers: [{ layerId: 'background', pixels }] })
    const direct = await fill({ ...photo, mask, seed: 5 })
    expect(Buffer.compare(store.readLayer(store.head, 'background').rgba, direct.rgba)).toBe(0)
    expect(fractions[fractions.length - 1]).toBeCloseTo(1, 10)
    store.close()
  })

  it('stops when cancelled and the host runs the next fill', async () => {
    const photo = await kodakCrop(7)
    const mask = lamaMask('thick', photo.width, photo.height, 11)
    const { store, request } = project(photo, mask)
    const abort = new AbortController()
    const fractions: number[] = []
    const job = compute.run('project.fillToTiles', request, {
      signal: abort.signal,
      onProgress: (f) => {
        fractions.push(f)
        abort.abort()
      },
    })
    await expectCode(job, 'compute.cancelled')
    // Stopped at a checkpoint soon after the first report (how many reports cross the cancel depends on the load).
    expect(fractions[fractions.length - 1]).toBeLessThan(0.5)
    await expectCode(compute.run('project.fillToTiles', { ...request, mask: new Uint8Array(photo.width * photo.height) }), 'fill.emptyMask')
    store.close()
  })
})

const rgb = (rgba: Uint8Array, i: number) => (rgba[4 * i]! << 16) | (rgba[4 * i + 1]! << 8) | rgba[4 * i + 2]!
