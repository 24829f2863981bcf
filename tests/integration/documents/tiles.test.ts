import { statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProjectStore, TILE_SIZE } from '../../../src-main/documents/project'
import { cropRgba, photoLikeRgba, solidRgba } from '../../fixtures/documents/pixels'
import { scratchDirectory } from '../../fixtures/documents/projects'

/** A 24-megapixel photo, as the issue describes: 24 × 16 tiles, the last row 160 pixels tall. */
const WIDTH = 6000
const HEIGHT = 4000

describe('tiled pixels', () => {
  const scratch = scratchDirectory()
  const path = join(scratch.directory, 'photo.zproj')
  const photo = { width: WIDTH, height: HEIGHT, rgba: photoLikeRgba(WIDTH, HEIGHT) }
  let store: ProjectStore

  beforeAll(() => {
    store = ProjectStore.create(path, { name: 'photo', ...photo })
  })
  afterAll(() => {
    store.close()
    scratch.cleanup()
  })

  function countRows(table: string): number {
    const db = new Database(path, { readonly: true })
    try {
      return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
    } finally {
      db.close()
    }
  }

  function tileStats(): { count: number; bytes: number } {
    const db = new Database(path, { readonly: true })
    try {
      return db.prepare('SELECT count(*) AS count, total(length(pixels)) AS bytes FROM tiles').get() as {
        count: number
        bytes: number
      }
    } finally {
      db.close()
    }
  }

  it('reads back exactly the image it was created from', () => {
    const layer = store.readLayer(1, 'background')
    expect(layer.width).toBe(WIDTH)
    expect(layer.height).toBe(HEIGHT)
    expect(layer.rgba.equals(photo.rgba)).toBe(true)
    expect(tileStats().count).toBe(24 * 16)
  })

  it('a 512×512 brush stroke writes only the 9 tiles it touches, not the photo', () => {
    const before = tileStats()
    const stroke = solidRgba(512, 512, [250, 20, 20, 255])
    const rect = { x: 1000, y: 1000, width: 512, height: 512 }
    const result = store.commitEdit({ operation: 'brush', layers: [{ layerId: 'background', pixels: { rect, rgba: stroke } }] })

    // Columns 3..5 and rows 3..5 of a 24-column grid.
    expect(result.changedTiles).toEqual([{ layerId: 'background', tiles: [75, 76, 77, 99, 100, 101, 123, 124, 125] }])
    const after = tileStats()
    expect(after.count - before.count).toBe(9)
    // The nine tiles hold at most 9 × 256 × 256 pixels: compressed, well under their raw 2.4 MB.
    expect(after.bytes - before.bytes).toBeLessThan(9 * TILE_SIZE * TILE_SIZE * 4)
    expect(countRows('layer_states')).toBe(2)

    const region = store.readRegion(result.versionId, 'background', { x: 990, y: 990, width: 600, height: 600 })
    const expected = Buffer.from(cropRgba(photo, { x: 990, y: 990, width: 600, height: 600 }))
    for (let row = 10; row < 522; row++) expected.fill(Buffer.from([250, 20, 20, 255]), (row * 600 + 10) * 4, (row * 600 + 522) * 4)
    expect(region.rgba.equals(expected)).toBe(true)

    const grid = store.tileGrid(result.versionId, 'background')
    const previous = store.tileGrid(1, 'background')
    expect(grid.tiles.filter((hash, i) => hash !== previous.tiles[i])).toHaveLength(9)
    expect(grid).toMatchObject({ width: WIDTH, height: HEIGHT, tileSize: 256, columns: 24, rows: 16 })
  })

  it('serves a tile by hash, edge tiles at their true size', () => {
    const grid = store.tileGrid(store.head, 'background')
    const corner = store.readTile(grid.tiles[grid.tiles.length - 1])
    // 6000 = 23 × 256 + 112, 4000 = 15 × 256 + 160.
    expect(corner.length).toBe(112 * 160 * 4)
    expect(corner.equals(cropRgba(photo, { x: 23 * 256, y: 15 * 256, width: 112, height: 160 }))).toBe(true)
  })

  it('a new empty layer on the photo stores only a handful of transparent tiles', () => {
    const before = tileStats()
    const result = store.commitEdit({ operation: 'add layer', layers: [{ layerId: 'paint', properties: { name: 'Paint' } }] })
    // One transparent tile per distinct tile size: full, right edge, bottom edge, corner.
    expect(tileStats().count - before.count).toBe(4)
    expect(result.changedTiles[0].tiles).toHaveLength(24 * 16)
    expect(store.readRegion(result.versionId, 'paint', { x: 5990, y: 3990, width: 10, height: 10 }).rgba.every((b) => b === 0)).toBe(true)
  })

  it('repainting pixels with what they already were changes no tile', () => {
    const rect = { x: 3000, y: 2000, width: 300, height: 300 }
    const result = store.commitEdit({
      operation: 'brush',
      layers: [{ layerId: 'background', pixels: { rect, rgba: cropRgba(photo, rect) } }],
    })
    expect(result.changedTiles).toEqual([])
    expect(store.compare(result.versionId - 1, result.versionId).changed).toEqual([])
  })

  it('the project file grows by about the compressed size of the touched tiles', () => {
    store.close()
    const sizeBefore = statSync(path).size
    store = ProjectStore.open(path)
    const before = tileStats()
    const rect = { x: 2100, y: 1700, width: 512, height: 512 }
    store.commitEdit({ operation: 'brush', layers: [{ layerId: 'background', pixels: { rect, rgba: solidRgba(512, 512, [0, 0, 255, 255]) } }] })
    const tileBytes = tileStats().bytes - before.bytes
    store.close() // checkpoints the WAL into the file
    const growth = statSync(path).size - sizeBefore
    store = ProjectStore.open(path)
    expect(growth).toBeLessThan(2 * tileBytes + 64 * 1024)
  })
})
