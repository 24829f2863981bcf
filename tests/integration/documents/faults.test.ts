import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../../src-main/documents/project'
import { photoLikeRgba, seededRandom } from '../../fixtures/documents/pixels'
import { scratchDirectory } from '../../fixtures/documents/projects'

/**
 * Write failures during a commit. Tests run as root, where chmod does not stop writes, so the faults come from
 * SQLite itself: a read-only connection, `query_only`, and a page cap (`max_page_count`) that fails like a full disk.
 */
describe('write failures keep the last saved version', () => {
  let scratch: ReturnType<typeof scratchDirectory>
  let path: string

  beforeEach(() => {
    scratch = scratchDirectory()
    path = join(scratch.directory, 'p.zproj')
    ProjectStore.create(path, { name: 'p', width: 1024, height: 768, rgba: photoLikeRgba(1024, 768) }).close()
  })
  afterEach(() => scratch.cleanup())

  /** A brush stroke of noise, so its tiles do not compress away. */
  function stroke(seed: number) {
    const random = seededRandom(seed)
    const rgba = Buffer.alloc(400 * 400 * 4)
    for (let i = 0; i < rgba.length; i++) rgba[i] = (random() * 256) | 0
    return {
      operation: 'brush',
      layers: [{ layerId: 'background', pixels: { rect: { x: 100, y: 100, width: 400, height: 400 }, rgba } }],
    }
  }

  /** The store's own connection: the one place these tests reach inside, to provoke real SQLite faults. */
  function connectionOf(store: ProjectStore): Database.Database {
    return (store as unknown as { db: Database.Database }).db
  }

  it('a project opened read-only refuses commits and head moves with project.readOnly', () => {
    const writer = ProjectStore.open(path)
    writer.commitEdit(stroke(1))
    writer.close()
    const store = ProjectStore.open(path, { readOnly: true })
    expect(store.readOnly).toBe(true)
    expect(() => store.commitEdit(stroke(2))).toThrow(expect.objectContaining({ code: 'project.readOnly' }))
    expect(() => store.undo()).toThrow(expect.objectContaining({ code: 'project.readOnly' }))
    expect(store.head).toBe(2)
    expect(store.history()).toHaveLength(2)
    expect(store.readLayer(2, 'background').width).toBe(1024)
    store.close()
  })

  it('a connection that turns read-only mid-session fails the commit and keeps the head', () => {
    const store = ProjectStore.open(path)
    store.commitEdit(stroke(1))
    connectionOf(store).pragma('query_only = ON')
    expect(() => store.commitEdit(stroke(2))).toThrow(expect.objectContaining({ code: 'project.readOnly' }))
    expect(store.head).toBe(2)
    connectionOf(store).pragma('query_only = OFF')
    expect(store.commitEdit(stroke(3)).versionId).toBe(3)
    store.close()
  })

  it('a full disk fails the commit with project.diskFull; the head and file stay good', () => {
    const store = ProjectStore.open(path)
    const before = store.readLayer(1, 'background').rgba
    const db = connectionOf(store)
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`)
    expect(() => store.commitEdit(stroke(1))).toThrow(expect.objectContaining({ code: 'project.diskFull' }))
    expect(store.head).toBe(1)
    expect(store.history()).toHaveLength(1)
    expect(db.inTransaction).toBe(false)
    store.close()

    const reopened = ProjectStore.open(path)
    expect(reopened.head).toBe(1)
    expect(reopened.readLayer(1, 'background').rgba.equals(before)).toBe(true)
    expect(reopened.commitEdit(stroke(1)).versionId).toBe(2)
    reopened.close()
  })
})
