/**
 * Object removal through main on a Kodak photo in a real project store: content-aware fill (no model) and the
 * oracle LaMa and MI-GAN packs through the crop-and-paste path, whose answer (the mean colour of the known
 * pixels the engine saw) has a closed form.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, dispatch, type Api } from '../../../src-main/api'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import type { AppErrorData } from '../../../src-shared/contract'
import { kodakPath } from '../../fixtures/evalSet'
import { buildLamaPack, buildMiganPack, scratchFolder } from '../../fixtures/oracle'

let compute: ComputeHost
let api: Api
let scratch: Awaited<ReturnType<typeof scratchFolder>>
let documentId: string
const WIDTH = 768

beforeAll(async () => {
  scratch = await scratchFolder('removal')
  const modelsDir = join(scratch.path, 'models')
  await buildLamaPack(join(modelsDir, 'lama-oracle'))
  await buildMiganPack(join(modelsDir, 'migan-oracle'))
  compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  api = createApi({ mode: 'web', version: 'test', compute, modelsDir, folders: { projectsDir: join(scratch.path, 'projects'), userDataDir: scratch.path } })
  documentId = (await call('documents.openImage', { name: 'kodim03.png', bytes: await readFile(kodakPath(3)) })).document.id
})

afterAll(async () => {
  compute.dispose()
  api.close()
  await scratch.remove()
})

async function call(method: string, input: unknown): Promise<any> {
  const reply = await dispatch(api.handlers, method, input)
  if (!reply.ok) throw reply.error
  return reply.value
}

async function refusal(method: string, input: unknown): Promise<AppErrorData> {
  const reply = await dispatch(api.handlers, method, input)
  if (reply.ok) throw new Error('expected a refusal')
  return reply.error
}

/** Waits for a job to end: its final state and error. */
async function finished(jobId: string) {
  for (;;) {
    const job = (await call('jobs.list', {})).jobs.find((j: { id: string }) => j.id === jobId)
    if (['done', 'failed', 'cancelled'].includes(job.state)) return job
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function layerPixels(): Promise<Buffer> {
  const grid = await call('layers.tileGrid', { documentId, layerId: 'background' })
  const { tiles } = await call('tiles.read', { documentId, hashes: grid.tiles })
  const rgba = Buffer.alloc(grid.width * grid.height * 4)
  tiles.forEach((tile: Uint8Array, index: number) => {
    const [left, top] = [(index % grid.columns) * 256, Math.floor(index / grid.columns) * 256]
    const width = Math.min(256, grid.width - left)
    for (let row = 0; row < tile.byteLength / (width * 4); row++) rgba.set(tile.subarray(row * width * 4, (row + 1) * width * 4), ((top + row) * grid.width + left) * 4)
  })
  return rgba
}

/** A 60×40 box at (600, 420) over the blue cap. */
const box = { x: 600, y: 420, width: 60, height: 40 }
const mask = { rect: box, alpha: new Uint8Array(box.width * box.height).fill(255) }
const inBox = (x: number, y: number, grow = 0) => x >= box.x - grow && x < box.x + box.width + grow && y >= box.y - grow && y < box.y + box.height + grow

async function remove(engine: string, grow = 0) {
  const before = await layerPixels()
  const { jobId } = await call('removal.remove', { documentId, layerId: 'background', mask, engine, grow })
  const job = await finished(jobId)
  expect([job.state, job.error?.message]).toEqual(['done', undefined])
  const after = await layerPixels()
  let changedOutside = 0
  for (let i = 0; i < WIDTH * 512; i++) if (!inBox(i % WIDTH, Math.floor(i / WIDTH), grow) && after.readUInt32BE(i * 4) !== before.readUInt32BE(i * 4)) changedOutside++
  return { before, after, changedOutside }
}

/** The mean colour of the known pixels of the crop the engine saw (the box plus its margin, clipped to the photo). */
function knownMean(pixels: Buffer): number[] {
  const margin = Math.max(96, Math.max(box.width, box.height))
  const [x0, y0] = [Math.max(0, box.x - margin), Math.max(0, box.y - margin)]
  const [x1, y1] = [Math.min(WIDTH, box.x + box.width + margin), Math.min(512, box.y + box.height + margin)]
  const sum = [0, 0, 0]
  let count = 0
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (inBox(x, y)) continue
      for (let c = 0; c < 3; c++) sum[c]! += pixels[(y * WIDTH + x) * 4 + c]!
      count++
    }
  }
  return sum.map((s) => s / count)
}

describe('removing an object', () => {
  it('with the oracle MI-GAN pack: the hole takes the mean colour of the crop it saw, nothing else changes', async () => {
    const { before, after, changedOutside } = await remove('migan-oracle')
    expect(changedOutside).toBe(0)
    const mean = knownMean(before)
    const centre = ((box.y + 20) * WIDTH + box.x + 30) * 4
    for (let c = 0; c < 3; c++) expect(Math.abs(after[centre + c]! - mean[c]!)).toBeLessThanOrEqual(1)
    const version = (await call('history.list', { documentId }))[0]
    expect(version.operation).toBe('remove')
    await call('history.undo', { documentId })
  })

  it('with the oracle LaMa pack at its fixed 512: the crop is scaled in and out, and only the hole is pasted back', async () => {
    const { before, after, changedOutside } = await remove('lama-oracle')
    expect(changedOutside).toBe(0)
    const mean = knownMean(before)
    const centre = ((box.y + 20) * WIDTH + box.x + 30) * 4
    // Resampling to 512 and back moves the mean a little; the colour is the surroundings', not the cap's.
    for (let c = 0; c < 3; c++) expect(Math.abs(after[centre + c]! - mean[c]!)).toBeLessThanOrEqual(4)
    await call('history.undo', { documentId })
  })

  it('a learned engine grows the hole as content-aware fill does, round: beside the box it fills, off its corner it keeps', async () => {
    const grow = 6
    const { before, after } = await remove('migan-oracle', grow)
    const at = (x: number, y: number) => ((y * WIDTH + x) * 4)
    const beside = at(box.x - grow + 1, box.y + 20)
    const mean = knownMean(before)
    for (let c = 0; c < 3; c++) expect(Math.abs(after[beside + c]! - mean[c]!)).toBeLessThanOrEqual(8)
    // (−6, −6) off the corner is 8 px away in the chamfer distance: a square growth would fill it.
    const corner = at(box.x - grow, box.y - grow)
    expect(after.subarray(corner, corner + 4).equals(before.subarray(corner, corner + 4))).toBe(true)
    await call('history.undo', { documentId })
  })

  it('keeps a stroke painted beside the hole, inside the crop the engine saw, while the removal ran', async () => {
    const { jobId } = await call('removal.remove', { documentId, layerId: 'background', mask, engine: 'migan-oracle', grow: 0 })
    const rect = { x: box.x - 60, y: box.y - 40, width: 10, height: 10 }
    await call('layers.paint', { documentId, layerId: 'background', operation: 'brush', rect, rgba: new Uint8Array(400).fill(255) })
    expect((await finished(jobId)).state).toBe('done')
    const after = await layerPixels()
    const at = ((rect.y + 5) * WIDTH + rect.x + 5) * 4
    expect([...after.subarray(at, at + 4)]).toEqual([255, 255, 255, 255])
    const centre = ((box.y + 20) * WIDTH + box.x + 30) * 4
    expect(after.readUInt32BE(centre)).not.toBe(0xffffffff)
    await call('history.undo', { documentId })
    await call('history.undo', { documentId })
  })

  it('with content-aware fill and the default growth: only the grown hole changes, filled with texture', async () => {
    const { after, changedOutside } = await remove('content-aware', 4)
    expect(changedOutside).toBe(0)
    const inside: number[] = []
    for (let y = box.y; y < box.y + box.height; y++) for (let x = box.x; x < box.x + box.width; x++) inside.push(after[(y * WIDTH + x) * 4]!)
    const mean = inside.reduce((a, b) => a + b, 0) / inside.length
    expect(Math.sqrt(inside.reduce((a, b) => a + (b - mean) ** 2, 0) / inside.length)).toBeGreaterThan(5)
    await call('history.undo', { documentId })
  })

  it('refuses an empty mask, an unknown engine and a locked layer, and fails a whole-layer mask, changing nothing', async () => {
    const head = (await call('documents.listOpen', {}))[0].head
    expect((await refusal('removal.remove', { documentId, layerId: 'background', mask: { rect: box, alpha: new Uint8Array(box.width * box.height) } })).code).toBe('generation.emptyMask')
    expect((await refusal('removal.remove', { documentId, layerId: 'background', mask, engine: 'no-such-pack' })).code).toBe('pack.notInstalled')
    const all = { rect: { x: 0, y: 0, width: WIDTH, height: 512 }, alpha: new Uint8Array(WIDTH * 512).fill(255) }
    // The call answers with the job's id alone: its failure must not reach Node as an unhandled rejection, which ends main.
    const unhandled: unknown[] = []
    const listener = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', listener)
    try {
      const { jobId } = await call('removal.remove', { documentId, layerId: 'background', mask: all })
      const job = await finished(jobId)
      expect([job.state, job.error?.code]).toEqual(['failed', 'fill.noSource'])
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', listener)
    }
    expect((await call('documents.listOpen', {}))[0].head).toBe(head)
  })
})
