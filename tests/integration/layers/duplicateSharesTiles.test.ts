/**
 * Duplicating a layer shares its tiles (copy-on-write): the copy's grid names the source's stored tiles, none is
 * decoded, hashed or deflated, and a stroke on either afterwards changes only that one.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, expect, it } from 'vitest'
import { ProjectStore } from '../../../src-main/documents/project'
import { photoLikeRgba } from '../../fixtures/documents/pixels'
import { scratchDirectory } from '../../fixtures/documents/projects'

const WIDTH = 600
const HEIGHT = 300
const scratch = scratchDirectory()
afterAll(scratch.cleanup)

function photoProject(name: string): ProjectStore {
  return ProjectStore.create(join(scratch.directory, name), { name, width: WIDTH, height: HEIGHT, rgba: photoLikeRgba(WIDTH, HEIGHT, 3) })
}

it("commits a copy whose grid is the source's, without reading any tile: even an undecodable one", async () => {
  const path = join(scratch.directory, 'damaged-tile.zproj')
  const store = ProjectStore.create(path, { name: 'd', width: WIDTH, height: HEIGHT, rgba: photoLikeRgba(WIDTH, HEIGHT, 4) })
  const source = store.tiledPixels(store.head, 'background')
  store.close()
  // Spoil one tile's stored bytes: copying the layer by decoding it would now fail with project.damaged.
  const db = new Database(path)
  db.prepare('UPDATE tiles SET pixels = ? WHERE hash = ?').run(Buffer.from('not deflate'), source.grid.subarray(0, 32))
  const tilesBefore = db.prepare('SELECT count(*) FROM tiles').pluck().get()
  db.close()

  const reopened = ProjectStore.open(path)
  const { changedTiles } = reopened.commitEdit({ operation: 'layer.duplicate', layers: [{ layerId: 'copy', pixels: reopened.tiledPixels(reopened.head, 'background') }] })
  expect(reopened.tiledPixels(reopened.head, 'copy').grid.equals(source.grid)).toBe(true)
  expect(changedTiles).toEqual([{ layerId: 'copy', tiles: Array.from({ length: 3 * 2 }, (_, i) => i) }])
  reopened.close()
  const after = new Database(path, { readonly: true })
  expect(after.prepare('SELECT count(*) FROM tiles').pluck().get()).toBe(tilesBefore)
  after.close()
})

it('refuses a grid naming a tile the project lacks, and adds no version', () => {
  const store = photoProject('missing.zproj')
  const grid = store.tiledPixels(store.head, 'background')
  grid.grid.fill(7, 0, 32)
  const head = store.head
  expect(() => store.commitEdit({ operation: 'layer.duplicate', layers: [{ layerId: 'copy', pixels: grid }] })).toThrow(/lacks tile/)
  expect(store.head).toBe(head)
  store.close()
})

it('a duplicate holds the same pixels, its mask too, and painting either leaves the other as it was', () => {
  const store = photoProject('paint.zproj')
  const maskRgba = Buffer.alloc(WIDTH * HEIGHT * 4, 255)
  for (let i = 3; i < maskRgba.length; i += 8) maskRgba[i] = 40
  store.commitEdit({ operation: 'layer.mask', layers: [{ layerId: 'background', mask: { pixels: { width: WIDTH, height: HEIGHT, rgba: maskRgba } } }] })
  const original = store.readLayer(store.head, 'background').rgba
  store.commitEdit({
    operation: 'layer.duplicate',
    layers: [{ layerId: 'copy', pixels: store.tiledPixels(store.head, 'background'), mask: { pixels: store.tiledPixels(store.head, 'background', 'mask') } }],
  })
  expect(store.readLayer(store.head, 'copy').rgba.equals(original)).toBe(true)
  expect(store.readLayer(store.head, 'copy', 'mask').rgba.equals(maskRgba)).toBe(true)

  const rect = { x: 250, y: 100, width: 40, height: 40 }
  store.commitEdit({ operation: 'brush', layers: [{ layerId: 'copy', pixels: { rect, rgba: Buffer.alloc(40 * 40 * 4, 9) } }] })
  expect(store.readLayer(store.head, 'background').rgba.equals(original)).toBe(true)
  expect(store.readRegion(store.head, 'copy', rect).rgba.every((v) => v === 9)).toBe(true)

  const copyBefore = store.readLayer(store.head, 'copy').rgba
  store.commitEdit({ operation: 'brush', layers: [{ layerId: 'background', pixels: { rect: { ...rect, x: 10 }, rgba: Buffer.alloc(40 * 40 * 4, 200) } }] })
  expect(store.readLayer(store.head, 'copy').rgba.equals(copyBefore)).toBe(true)
  expect(store.readRegion(store.head, 'background', { ...rect, x: 10 }).rgba.every((v) => v === 200)).toBe(true)
  expect(store.readLayer(store.head, 'copy', 'mask').rgba.equals(maskRgba)).toBe(true)
  store.close()
})
