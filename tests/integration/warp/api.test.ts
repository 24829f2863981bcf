/**
 * warp.apply and warp.fromVersion through the API with a real project store and compute host: a drag commits
 * one 'warp' version whose parameters reopen it, and every bad drag is refused with the document unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DocumentInfo, ErrorCode, MethodInput } from '../../../src-shared/contract'
import { layerThroughApi, type Call } from '../../fixtures/layerThroughApi'
import { warpApi } from './warpApi'

let harness: Awaited<ReturnType<typeof warpApi>>
let document: DocumentInfo
let original: Awaited<ReturnType<typeof warpApi>>['original']
let events: Awaited<ReturnType<typeof warpApi>>['events']

const call: Call = (method, input) => harness.call(method, input)
const finished = (jobId: string) => harness.finished(jobId)

beforeAll(async () => {
  harness = await warpApi('warp-api-', { lockedCopy: true })
  ;({ document, original, events } = harness)
})

afterAll(() => harness.close())

const region = {
  rect: { x: 150, y: 100, width: 300, height: 220 },
  mask: new Uint8Array(300 * 220).map((_, i) => (Math.hypot((i % 300) - 150, Math.floor(i / 300) - 110) < 105 ? 255 : 0)),
  feather: 40,
}
const drag = {
  layerId: 'background',
  handles: [
    { x: 280, y: 200 },
    { x: 320, y: 230.5 },
  ],
  targets: [
    { x: 296, y: 208 },
    { x: 336, y: 238.5 },
  ],
  pins: [{ x: 200, y: 140 }],
  mode: 'similarity' as const,
}

describe('warp through the API', () => {
  it('commits one warp version whose parameters reopen the drag', async () => {
    const before = await call('history.list', { documentId: document.id })
    const { jobId } = await call('warp.apply', { documentId: document.id, ...drag, region, fill: true })
    expect(await finished(jobId)).toBe('done')

    const after = await call('history.list', { documentId: document.id })
    expect(after).toHaveLength(before.length + 1)
    const head = after.find((entry) => entry.isHead)!
    expect(head.operation).toBe('warp')
    expect(head.parentId).toBe(before.find((entry) => entry.isHead)!.id)
    const committed = events.find((e) => e.name === 'version.committed' && e.payload.jobId === jobId)!.payload
    expect(committed.kind).toBe('warp')
    expect(committed.versionId).toBe(head.id)
    expect(committed.details).toMatchObject({ limitFactor: 1 })
    expect(committed.changedTiles.map((c: { layerId: string }) => c.layerId)).toEqual(['background'])

    const reopened = await call('warp.fromVersion', { documentId: document.id, versionId: head.id })
    expect(reopened).toMatchObject({ ...drag, fill: true, limitFactor: 1 })
    expect(reopened.region!.rect).toEqual(region.rect)
    expect(reopened.region!.feather).toBe(region.feather)
    expect(Buffer.compare(Buffer.from(reopened.region!.mask), Buffer.from(region.mask))).toBe(0)

    // Only the editable region changed.
    const pixels = await layerThroughApi(call, document.id, 'background')
    let changedOutside = 0
    let changedInside = 0
    for (let i = 0; i < original.width * original.height; i++) {
      const x = i % original.width
      const y = Math.floor(i / original.width)
      const lx = x - region.rect.x
      const ly = y - region.rect.y
      const inside = lx >= 0 && ly >= 0 && lx < region.rect.width && ly < region.rect.height && region.mask[ly * region.rect.width + lx]! >= 128
      const same = pixels.rgba.readUInt32LE(i * 4) === original.rgba.readUInt32LE(i * 4)
      if (!same && inside) changedInside++
      if (!same && !inside) changedOutside++
    }
    expect(changedOutside).toBe(0)
    expect(changedInside).toBeGreaterThan(5000)
  })

  it('keeps a stroke painted while the drag ran, in a tile the drag changed too', async () => {
    const { jobId } = await call('warp.apply', { documentId: document.id, ...drag, region, fill: false })
    // Beside the region, in the tile its right edge crosses: the drag's tiles are merged with the stroke's.
    const stroke = { x: 460, y: 300, width: 8, height: 8 }
    await call('layers.paint', { documentId: document.id, layerId: 'background', operation: 'brush', rect: stroke, rgba: new Uint8Array(8 * 8 * 4).fill(255) })
    expect(await finished(jobId)).toBe('done')
    const committed = events.find((e) => e.name === 'version.committed' && e.payload.jobId === jobId)!.payload
    // Tile 4 (x 256–511, y 256–511 of a 3-column grid) holds the stroke and a part of the drag's region.
    expect(committed.changedTiles[0].tiles).toContain(4)
    const pixels = await layerThroughApi(call, document.id, 'background')
    expect(pixels.rgba.readUInt32LE((stroke.y * original.width + stroke.x) * 4)).toBe(0xffffffff)
    expect(pixels.rgba.readUInt32LE((210 * original.width + 300) * 4)).not.toBe(original.rgba.readUInt32LE((210 * original.width + 300) * 4))
  })

  it('answers warp.notAWarp for a version that is not a drag', async () => {
    await expect(call('warp.fromVersion', { documentId: document.id, versionId: 1 })).rejects.toMatchObject({ code: 'warp.notAWarp' })
  })

  const bad: [string, Partial<MethodInput<'warp.apply'>>, ErrorCode][] = [
    ['no pairs', { handles: [], targets: [] }, 'warp.noPairs'],
    ['a handle outside the layer', { handles: [{ x: 900, y: 10 }], targets: [{ x: 880, y: 10 }], pins: [] }, 'warp.handleOutsideLayer'],
    ['two handles on one pixel', { handles: [{ x: 10.2, y: 10.1 }, { x: 10.7, y: 10.9 }], targets: [{ x: 20, y: 20 }, { x: 30, y: 30 }], pins: [] }, 'warp.handlesOnOnePixel'],
    ['two targets on one pixel', { handles: [{ x: 10, y: 10 }, { x: 50, y: 50 }], targets: [{ x: 30, y: 30 }, { x: 30.5, y: 30.5 }], pins: [] }, 'warp.handlesOnOnePixel'],
    ['a target far outside the document', { handles: [{ x: 10, y: 10 }], targets: [{ x: -800, y: 10 }], pins: [] }, 'warp.targetTooFar'],
    ['a locked layer', { layerId: 'locked' }, 'layer.locked'],
    ['a region outside the layer', { region: { rect: { x: 700, y: 0, width: 100, height: 10 }, mask: new Uint8Array(1000), feather: 8 } }, 'api.badInput'],
    ['fewer targets than handles', { targets: [{ x: 1, y: 1 }] }, 'api.badInput'],
  ]
  it.each(bad)('refuses %s with the document unchanged', async (_name, change, code) => {
    const before = await call('history.list', { documentId: document.id })
    const jobs = (await call('jobs.list', {})).jobs.length
    await expect(call('warp.apply', { documentId: document.id, ...drag, fill: false, ...change })).rejects.toMatchObject({ code })
    expect(await call('history.list', { documentId: document.id })).toEqual(before)
    expect((await call('jobs.list', {})).jobs).toHaveLength(jobs)
  })
})
