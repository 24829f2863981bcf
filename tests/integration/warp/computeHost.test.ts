/**
 * project.warpToTiles over a real compute host, reading a Kodak photo from a real project file: a region dragged by a
 * known amount lands there, the fill rebuilds only the uncovered ground, nothing outside the region changes, and a
 * cancel stops the job. The tiles it answers are committed as the warp job commits them, then read back.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComputeHost, type TaskInput } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import { ProjectStore } from '../../../src-main/documents/project'
import { fromTransfer, storingTiles } from '../../../src-main/jobs/tiledTransfer'
import { AppError } from '../../../src-shared/contract'
import { kodakPath } from '../../fixtures/evalSet'

let compute: ComputeHost
let store: ProjectStore
let photo: { width: number; height: number; rgba: Buffer }
const dataDir = mkdtempSync(join(tmpdir(), 'warp-host-'))

beforeAll(async () => {
  compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  const { data, info } = await sharp(kodakPath(3)).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  photo = { width: info.width, height: info.height, rgba: data }
  store = ProjectStore.create(join(dataDir, 'kodim03.zproj'), { name: 'kodim03', ...photo })
})

afterAll(() => {
  compute.dispose()
  store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

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
const drag = (fill: boolean): TaskInput<'project.warpToTiles'> => ({
  file: store.file,
  versionId: 1,
  layerId: 'background',
  handles,
  targets: handles.map((p) => ({ x: p.x + shift.x, y: p.y + shift.y })),
  pins: [],
  mode: 'rigid',
  region,
  fill,
})

/** The warp's answer, its tiles stored and committed onto version 1 as the warp job does, and the layer read back. */
async function warped(request: TaskInput<'project.warpToTiles'>, onProgress?: (fraction: number) => void) {
  const result = await storingTiles(compute, store).run('project.warpToTiles', request, { onProgress })
  store.goTo(1)
  store.commitEdit({ operation: 'warp', layers: [{ layerId: 'background', pixels: fromTransfer(result.tiled) }] })
  return { ...result, rgba: store.readLayer(store.head, 'background').rgba }
}

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

describe('project.warpToTiles on a Kodak photo', () => {
  it('moves the dragged patch by the known amount, leaves the outside bit-identical and fills only the uncovered ground', async () => {
    const progress: number[] = []
    const filled = await warped(drag(true), (fraction) => progress.push(fraction))
    const plain = await warped(drag(false))
    expect(filled.limitFactor).toBe(1)
    expect(filled.foldedCells).toEqual([])
    expect(progress.at(-1)).toBeCloseTo(1, 5)

    // The patch now sits `shift` further on, as in the original (whole-pixel shift: exact with an interpolating kernel).
    expect(psnr(plain.rgba, photo.width, photo.rgba, photo.width, patch, shift)).toBeGreaterThan(45)
    expect(psnr(filled.rgba, photo.width, photo.rgba, photo.width, patch, shift)).toBeGreaterThan(45)

    let changedOutside = 0
    let refilled = 0
    let refilledX = 0
    const same = (a: Uint8Array, b: Uint8Array, i: number) => [0, 1, 2, 3].every((c) => a[4 * i + c] === b[4 * i + c])
    for (let y = 0; y < photo.height; y++) {
      for (let x = 0; x < photo.width; x++) {
        const i = y * photo.width + x
        if (!inRegion(x, y)) {
          if (!same(plain.rgba, photo.rgba, i) || !same(filled.rgba, photo.rgba, i)) changedOutside++
        } else if (!same(filled.rgba, plain.rgba, i)) {
          refilled++
          refilledX += x
        }
      }
    }
    expect(changedOutside).toBe(0)
    // Fill on or off, only the uncovered ground differs: the fill changes at most the pixels the warp uncovered.
    expect(plain.uncoveredPixels).toBe(filled.uncoveredPixels)
    expect(filled.uncoveredPixels).toBeGreaterThan(200)
    expect(refilled).toBeGreaterThan(0)
    expect(refilled).toBeLessThanOrEqual(filled.uncoveredPixels)
    // The ground the drag left lies behind it: on the region's trailing (left) side.
    expect(refilledX / refilled).toBeLessThan(region.rect.x + region.rect.width / 2)
  })

  it('stops at the next band when cancelled, and the host runs the next job', async () => {
    const width = 2400
    const height = 1600
    const file = join(dataDir, 'grey.zproj')
    ProjectStore.create(file, { name: 'grey', width, height, rgba: Buffer.alloc(width * height * 4, 128) }).close()
    const controller = new AbortController()
    const job = compute.run(
      'project.warpToTiles',
      { file, versionId: 1, layerId: 'background', handles: [{ x: 1200, y: 800 }], targets: [{ x: 1260, y: 830 }], pins: [{ x: 0, y: 0 }], mode: 'similarity', fill: false },
      { signal: controller.signal, onProgress: () => controller.abort() },
    )
    const error = await job.then(
      () => undefined,
      (failure: unknown) => failure,
    )
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('compute.cancelled')
    const after = await compute.run('project.warpToTiles', drag(false))
    expect(after.limitFactor).toBe(1)
  })

  it('refuses a region that does not lie inside the layer', async () => {
    const outside = { ...region, rect: { ...region.rect, x: photo.width - 100 } }
    const error = await compute.run('project.warpToTiles', { ...drag(false), region: outside }).catch((failure: unknown) => failure)
    expect((error as AppError).code).toBe('api.badInput')
  })
})
