/**
 * A drag's radius through the API with a real project store and compute host (issue 14, item 12): with no pins and
 * no region, the full-size apply moves only content within the radius of the handle, as the renderer previews it
 * (the same src-shared solve), and the version reopens with its radius.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, dispatch, type Api } from '../../../src-main/api'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import { ProjectStore } from '../../../src-main/documents/project'
import type { DocumentInfo, EventName } from '../../../src-shared/contract'
import { solveWarp } from '../../../src-shared/warp'
import { kodakPath } from '../../fixtures/evalSet'
import { layerThroughApi, type Call } from '../../fixtures/layerThroughApi'

let dataDir: string
let compute: ComputeHost
let api: Api
let document: DocumentInfo
let original: { width: number; height: number; rgba: Buffer }
const events: { name: EventName; payload: any }[] = []

const call: Call = async (method, input) => {
  const reply = await dispatch(api.handlers, method, input)
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code })
  return reply.value as never
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'warp-radius-'))
  compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  api = createApi({
    mode: 'desktop',
    version: 'test',
    compute,
    folders: { projectsDir: join(dataDir, 'projects'), userDataDir: dataDir },
    emit: (name, payload) => events.push({ name, payload }),
  })
  // A Kodak photo as the background.
  const { data, info } = await sharp(kodakPath(5)).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  original = { width: info.width, height: info.height, rgba: data }
  const path = join(dataDir, 'kodim05.zproj')
  const store = ProjectStore.create(path, { name: 'kodim05', ...original })
  store.close()
  document = await call('documents.openProject', { path })
})

afterAll(() => {
  compute.dispose()
  api.close()
  rmSync(dataDir, { recursive: true, force: true })
})

async function finished(jobId: string): Promise<string> {
  for (;;) {
    const job = (await call('jobs.list', {})).jobs.find((j) => j.id === jobId)!
    if (['done', 'failed', 'cancelled'].includes(job.state)) return job.error ? `${job.state}: ${job.error.message}` : job.state
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

const handle = { x: 300, y: 250 }
const drag = { layerId: 'background', handles: [handle], targets: [{ x: 330, y: 262 }], pins: [], mode: 'rigid' as const, radius: 90 }

describe('a drag with a radius through the API', () => {
  it('changes only pixels within the radius of the handle, bit-identical beyond it, and reopens with its radius', async () => {
    const { jobId } = await call('warp.apply', { documentId: document.id, ...drag, fill: true })
    expect(await finished(jobId)).toBe('done')
    const head = (await call('history.list', { documentId: document.id })).find((entry) => entry.isHead)!
    expect(head.operation).toBe('warp')
    expect(await call('warp.fromVersion', { documentId: document.id, versionId: head.id })).toMatchObject({ ...drag, fill: true, limitFactor: 1 })

    const pixels = await layerThroughApi(call, document.id, 'background')
    let changedOutside = 0
    let changedInside = 0
    for (let i = 0; i < original.width * original.height; i++) {
      const distance = Math.hypot((i % original.width) + 0.5 - handle.x, Math.floor(i / original.width) + 0.5 - handle.y)
      const same = pixels.rgba.readUInt32LE(i * 4) === original.rgba.readUInt32LE(i * 4)
      if (!same && distance > drag.radius + 1) changedOutside++
      if (!same && distance <= drag.radius) changedInside++
    }
    expect(changedOutside).toBe(0)
    expect(changedInside).toBeGreaterThan(10_000)
    // The preview's solve of the same drag: the field the renderer draws covers the same circle's box, and no fold.
    const preview = solveWarp(drag, original)
    expect(preview.limitFactor).toBe(1)
    expect(preview.field.area).toEqual({ x: 210, y: 160, width: 180, height: 180 })
  })
})
