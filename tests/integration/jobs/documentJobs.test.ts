/**
 * Merge, flatten and export as jobs of the one queue (issue 15 item 3) with the compute host reading the
 * project's tiles itself (item 1): each shows in jobs.changed, a committed one announces version.committed with its
 * changed tiles, a cancel leaves the document as it was, and the host's tiles equal main's own composite.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { flatten } from '../../../src-main/compute-host/compositing/flatten'
import { ProjectStore } from '../../../src-main/documents/project'
import { fromTransfer, storingTiles } from '../../../src-main/jobs/tiledTransfer'
import type { EventName, EventPayload } from '../../../src-shared/contract'
import { startApi } from '../../fixtures/apiHarness'
import { photoLikeRgba } from '../../fixtures/documents/pixels'

const { call, events, compute, dataDir, close } = startApi('document-jobs-')
afterAll(close)
const seen = <E extends EventName>(name: E) => events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<E>)

const WIDTH = 1800
const HEIGHT = 1200
let path: string
let documentId: string

beforeAll(async () => {
  path = join(dataDir, 'three-layers.zproj')
  const store = ProjectStore.create(path, { name: 'three', width: WIDTH, height: HEIGHT, rgba: photoLikeRgba(WIDTH, HEIGHT, 1) })
  const half = photoLikeRgba(WIDTH, HEIGHT, 2)
  for (let i = 3; i < half.length; i += 4) half[i] = (i >> 2) % WIDTH < WIDTH / 2 ? 255 : 90
  store.commitEdit({ operation: 'layer.add', layers: [{ layerId: 'multiply', properties: { name: 'Multiply', blendMode: 'multiply', opacity: 0.7 }, pixels: { width: WIDTH, height: HEIGHT, rgba: half } }] })
  // A layer mask that hides the top layer's left third: the host must read layers through their masks.
  const mask = Buffer.alloc(WIDTH * HEIGHT * 4, 255)
  for (let p = 0; p < WIDTH * HEIGHT; p++) if (p % WIDTH < WIDTH / 3) mask[p * 4 + 3] = 0
  store.commitEdit({
    operation: 'layer.add',
    layers: [{ layerId: 'top', properties: { name: 'Top', offsetX: 100, offsetY: -50 }, pixels: { width: WIDTH, height: HEIGHT, rgba: photoLikeRgba(WIDTH, HEIGHT, 3) }, mask: { pixels: { width: WIDTH, height: HEIGHT, rgba: mask } } }],
  })
  store.close()
  documentId = (await call('documents.openProject', { path })).id
})

it("the compute host's tiles of a flatten, sent in parts ahead of its grid, are main's own composite of the shown layers", async () => {
  const writer = ProjectStore.open(path, { readOnly: true })
  const head = writer.head
  const layers = writer.layers().map((l) => ({ layerId: l.id, offsetX: l.offsetX, offsetY: l.offsetY, opacity: l.opacity, blendMode: l.blendMode }))
  // The host's tiles go into a scratch copy's store as they come, and its grid is committed there and read back.
  const copy = ProjectStore.create(join(dataDir, 'scratch.zproj'), { name: 's', width: 8, height: 8, rgba: Buffer.alloc(256) })
  const parts = vi.spyOn(copy, 'storeTiles')
  const { tiled } = await storingTiles(compute, copy).run('project.flattenToTiles', { file: path, versionId: head, width: WIDTH, height: HEIGHT, layers })
  // 40 photo tiles, about 5 MB encoded: more than one part, every one stored before the grid came.
  expect(parts.mock.calls.length).toBeGreaterThan(1)
  expect(parts.mock.calls.reduce((sum, [tiles]) => sum + tiles.length, 0)).toBe(40)
  copy.commitEdit({ operation: 'layer.flatten', canvas: { x: 0, y: 0, width: WIDTH, height: HEIGHT }, layers: [{ layerId: 'flat', pixels: fromTransfer(tiled) }] })
  const expected = await flatten(WIDTH, HEIGHT, writer.layers().map((l) => ({ ...l, rgba: writer.readShown(head, l.id).rgba })))
  expect(copy.readLayer(copy.head, 'flat').rgba.equals(Buffer.from(expected))).toBe(true)
  copy.close()
  writer.close()
})

it('merge down, export and flatten are jobs: listed in jobs.changed, the commits announced with their changed tiles', async () => {
  events.length = 0
  const merged = await call('layers.mergeDown', { documentId, layerId: 'top' })
  expect(merged.layers.map((l) => l.id)).toEqual(['background', 'multiply'])
  const exported = await call('documents.export', { documentId, format: 'png' })
  expect(exported.fileName).toBe('three.png')
  const flattened = await call('layers.flatten', { documentId })
  expect(flattened.layers).toHaveLength(1)
  const kinds = seen('jobs.changed').at(-1)!.jobs.map((j) => [j.kind, j.state])
  expect(kinds).toEqual([['mergeDown', 'done'], ['export', 'done'], ['flatten', 'done']])
  expect(seen('jobs.progress').length).toBeGreaterThan(3)
  const committed = seen('version.committed')
  expect(committed.map((c) => [c.kind, c.versionId])).toEqual([['mergeDown', merged.head], ['flatten', flattened.head]])
  const { columns, rows } = await call('layers.tileGrid', { documentId, layerId: flattened.layers[0]!.id })
  expect(committed[1]!.changedTiles).toEqual([{ layerId: flattened.layers[0]!.id, tiles: Array.from({ length: columns * rows }, (_, i) => i) }])
  await call('history.undo', { documentId })
  await call('history.undo', { documentId })
})

it('a cancelled flatten fails as cancelled and leaves the head, the history and the layers as they were', async () => {
  const before = await call('history.list', { documentId })
  const layersBefore = (await call('documents.listOpen', {})).find((d) => d.id === documentId)!.layers
  events.length = 0
  const flattening = call('layers.flatten', { documentId }).then(
    () => 'done',
    (error: { code: string }) => error.code,
  )
  // Cancel at its first progress: the host is mid-composite, and stops at its next band.
  for (let i = 0; i < 2000 && seen('jobs.progress').length === 0; i++) await new Promise((resolve) => setImmediate(resolve))
  const job = seen('jobs.changed').at(-1)!.jobs.findLast((j) => j.kind === 'flatten')!
  await call('jobs.cancel', { jobId: job.id })
  expect(await flattening).toBe('compute.cancelled')
  expect(await call('history.list', { documentId })).toEqual(before)
  expect((await call('documents.listOpen', {})).find((d) => d.id === documentId)!.layers).toEqual(layersBefore)
  expect(seen('version.committed')).toEqual([])
})

it('a flatten cancelled while its tiles stream in commits nothing: the head, the history and the layers stay', async () => {
  const before = await call('history.list', { documentId })
  const layersBefore = (await call('documents.listOpen', {})).find((d) => d.id === documentId)!.layers
  events.length = 0
  // Cancel as main stores the first part of the flattened tiles; the rest of the stream finds the job cancelled.
  const storeTiles = ProjectStore.prototype.storeTiles
  const storing = vi.spyOn(ProjectStore.prototype, 'storeTiles').mockImplementationOnce(async function (this: ProjectStore, tiles) {
    const job = seen('jobs.changed').at(-1)!.jobs.findLast((j) => j.kind === 'flatten')!
    await call('jobs.cancel', { jobId: job.id })
    return storeTiles.call(this, tiles)
  })
  try {
    const flattening = call('layers.flatten', { documentId }).then(
      () => 'done',
      (error: { code: string }) => error.code,
    )
    expect(await flattening).toBe('compute.cancelled')
    expect(storing).toHaveBeenCalled()
  } finally {
    storing.mockRestore()
  }
  expect(await call('history.list', { documentId })).toEqual(before)
  expect((await call('documents.listOpen', {})).find((d) => d.id === documentId)!.layers).toEqual(layersBefore)
  expect(seen('version.committed')).toEqual([])
})

it('a crop is a job too: the compute host cuts each layer and its mask from the tiles, main commits the grids', async () => {
  const head = (await call('documents.listOpen', {})).find((d) => d.id === documentId)!.head
  const reader = ProjectStore.open(path, { readOnly: true })
  const rect = { x: 300, y: 200, width: 700, height: 500 }
  // The top layer sits at (100, -50): its part inside the crop, in its own coordinates.
  const topPart = { x: 200, y: 250, width: 700, height: 500 }
  const expected = { pixels: reader.readRegion(head, 'top', topPart).rgba, mask: reader.readRegion(head, 'top', topPart, 'mask').rgba }
  reader.close()
  events.length = 0
  const cropped = await call('documents.resizeCanvas', { documentId, rect })
  expect([cropped.width, cropped.height]).toEqual([700, 500])
  expect(seen('jobs.changed').at(-1)!.jobs.at(-1)).toMatchObject({ kind: 'resizeCanvas', state: 'done' })
  expect(seen('version.committed').map((c) => [c.kind, c.versionId])).toEqual([['resizeCanvas', cropped.head]])
  const after = ProjectStore.open(path, { readOnly: true })
  expect(after.readLayer(cropped.head, 'top').rgba.equals(expected.pixels)).toBe(true)
  expect(after.readLayer(cropped.head, 'top', 'mask').rgba.equals(expected.mask)).toBe(true)
  expect(after.layers(cropped.head).find((l) => l.id === 'top')).toMatchObject({ offsetX: 0, offsetY: 0, width: 700, height: 500 })
  after.close()
})
