/**
 * engines.warp over a real compute host on a Kodak photo: a region dragged by a known amount lands there, the
 * fill rebuilds only the uncovered ground, nothing outside the region changes, and a cancel stops the job.
 */
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import type { WarpRequest } from '../../../src-main/compute-host/engines/warp/warp'
import { AppError } from '../../../src-shared/contract'
import { kodakPath } from '../../fixtures/evalSet'

let compute: ComputeHost
let photo: { width: number; height: number; rgba: Uint8Array }

beforeAll(async () => {
  compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  const { data, info } = await sharp(kodakPath(3)).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  photo = { width: info.width, height: info.height, rgba: new Uint8Array(data) }
})

afterAll(() => compute.dispose())

/** A 320×240 editable box; every handle on the patch moves by `shift`, so MLS is an exact translation inside it. */
const region = { rect: { x: 200, y: 130, width: 320, height: 240 }, mask: new Uint8Array(320 * 240).fill(255), feather: 48 }
const patch = { x: 300, y: 190, width: 80, height: 60 }
const shift = { x: 24, y: 16 }
const handles = [
  { x: patch.x, y: patch.y },
  { x: patch.x + patch.width, y: patch.y },
  { x: patch.x, y: patch.y + patch.height },
  { x: patch.x + patch.width, y: patch.y + patch.height },
  { x: patch.x + 40, y: patch.y + 30 },
]
const drag = (fill: boolean): WarpRequest => ({
  ...photo,
  handles,
  targets: handles.map((p) => ({ x: p.x + shift.x, y: p.y + shift.y })),
  pins: [],
  mode: 'rigid',
  region,
  fill,
})

function psnr(a: Uint8Array, aWidth: number, b: Uint8Array, bWidth: number, rect: typeof patch, offset: { x: number; y: number }): number {
  let squared = 0
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) {
      for (let c = 0; c < 3; c++) {
        const d = a[((y + offset.y) * aWidth + x + offset.x) * 4 + c]! - b[(y * bWidth + x) * 4 + c]!
        squared += d * d
      }
    }
  }
  const mse = squared / (rect.width * rect.height * 3)
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse)
}

const inRegion = (x: number, y: number) =>
  x >= region.rect.x && y >= region.rect.y && x < region.rect.x + region.rect.width && y < region.rect.y + region.rect.height

describe('engines.warp on a Kodak photo', () => {
  it('moves the dragged patch by the known amount, leaves the outside bit-identical and fills only the uncovered ground', async () => {
    const progress: number[] = []
    const filled = await compute.run('engines.warp', drag(true), { onProgress: (fraction) => progress.push(fraction) })
    const plain = await compute.run('engines.warp', drag(false))
    expect(filled.limitFactor).toBe(1)
    expect(filled.foldedCells).toEqual([])
    expect(progress.at(-1)).toBeCloseTo(1, 5)

    // The patch now sits `shift` further on, as in the original (whole-pixel shift: exact with an interpolating kernel).
    expect(psnr(plain.rgba, photo.width, photo.rgba, photo.width, patch, shift)).toBeGreaterThan(45)
    expect(psnr(filled.rgba, photo.width, photo.rgba, photo.width, patch, shift)).toBeGreaterThan(45)

    let uncovered = 0
    let uncoveredX = 0
    let changedOutside = 0
    let differsOutsideUncovered = 0
    const same = (a: Uint8Array, b: Uint8Array, i: number) => [0, 1, 2, 3].every((c) => a[4 * i + c] === b[4 * i + c])
    for (let y = 0; y < photo.height; y++) {
      for (let x = 0; x < photo.width; x++) {
        const i = y * photo.width + x
        if (!inRegion(x, y)) {
          if (!same(plain.rgba, photo.rgba, i) || !same(filled.rgba, photo.rgba, i) || filled.uncovered[i]) changedOutside++
        } else if (filled.uncovered[i]) {
          uncovered++
          uncoveredX += x
        } else if (!same(filled.rgba, plain.rgba, i)) differsOutsideUncovered++
      }
    }
    expect(changedOutside).toBe(0)
    // Fill on or off, only the uncovered ground differs.
    expect(differsOutsideUncovered).toBe(0)
    // The ground the drag left lies behind it: on the region's trailing (left) side.
    expect(uncovered).toBeGreaterThan(200)
    expect(uncoveredX / uncovered).toBeLessThan(region.rect.x + region.rect.width / 2)
    expect(plain.uncovered).toEqual(filled.uncovered)
    expect(Buffer.compare(Buffer.from(filled.rgba), Buffer.from(plain.rgba))).not.toBe(0)
  })

  it('stops at the next band when cancelled, and the host runs the next job', async () => {
    const width = 2400
    const height = 1600
    const rgba = new Uint8Array(width * height * 4).fill(128)
    const controller = new AbortController()
    const job = compute.run(
      'engines.warp',
      { width, height, rgba, handles: [{ x: 1200, y: 800 }], targets: [{ x: 1260, y: 830 }], pins: [{ x: 0, y: 0 }], mode: 'similarity', fill: false },
      { signal: controller.signal, onProgress: () => controller.abort() },
    )
    const error = await job.then(
      () => undefined,
      (failure: unknown) => failure,
    )
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('compute.cancelled')
    const after = await compute.run('engines.warp', { ...drag(false) })
    expect(after.limitFactor).toBe(1)
  })

  it('refuses a request whose pixels do not match its size', async () => {
    const error = await compute.run('engines.warp', { ...drag(false), rgba: new Uint8Array(16) }).catch((failure: unknown) => failure)
    expect((error as AppError).code).toBe('api.badInput')
  })
})
