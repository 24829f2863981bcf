/**
 * A drag's radius through the API with a real project store and compute host (issue 14, item 12): with no pins and
 * no region, the full-size apply moves only content within the radius of the handle, as the renderer previews it
 * (the same src-shared solve), and the version reopens with its radius.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DocumentInfo } from '../../../src-shared/contract'
import { solveWarp } from '../../../src-shared/warp'
import { layerThroughApi, type Call } from '../../fixtures/layerThroughApi'
import { warpApi } from './warpApi'

let harness: Awaited<ReturnType<typeof warpApi>>
let document: DocumentInfo
let original: Awaited<ReturnType<typeof warpApi>>['original']

const call: Call = (method, input) => harness.call(method, input)
const finished = (jobId: string) => harness.finished(jobId)

beforeAll(async () => {
  harness = await warpApi('warp-radius-')
  ;({ document, original } = harness)
})

afterAll(() => harness.close())

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
