import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../../src-main/documents/project'
import { CURRENT_SCHEMA_VERSION } from '../../../src-main/documents/project/migrations'
import { photoLikeRgba, solidRgba } from '../../fixtures/documents/pixels'
import { buildSchema1Project, scratchDirectory } from '../../fixtures/documents/projects'

describe('project files', () => {
  let scratch: ReturnType<typeof scratchDirectory>
  beforeEach(() => {
    scratch = scratchDirectory()
  })
  afterEach(() => scratch.cleanup())

  function createClosedProject(name = 'p.zproj'): string {
    const path = join(scratch.directory, name)
    const store = ProjectStore.create(path, { name: 'p', width: 700, height: 500, rgba: photoLikeRgba(700, 500) })
    for (let i = 0; i < 5; i++) {
      store.commitEdit({
        operation: 'brush',
        prompt: `stroke ${i}`,
        layers: [{ layerId: 'background', pixels: { rect: { x: i * 100, y: 50, width: 64, height: 64 }, rgba: solidRgba(64, 64, [i, 0, 0, 255]) } }],
      })
    }
    store.close()
    return path
  }

  /** Opening must fail with `code` and leave the file exactly as it was, without litter beside it. */
  function expectRefusedUntouched(path: string, code: string): void {
    const bytes = readFileSync(path)
    const mtime = statSync(path).mtimeMs
    const siblings = readdirSync(scratch.directory).sort()
    expect(() => ProjectStore.open(path)).toThrow(expect.objectContaining({ code }))
    expect(readFileSync(path).equals(bytes)).toBe(true)
    expect(statSync(path).mtimeMs).toBe(mtime)
    expect(readdirSync(scratch.directory).sort()).toEqual(siblings)
  }

  it('reopens a closed project with its head, history and pixels', () => {
    const path = createClosedProject()
    const store = ProjectStore.open(path)
    expect(store.head).toBe(6)
    expect(store.history()).toHaveLength(6)
    expect([...store.readRegion(6, 'background', { x: 400, y: 50, width: 1, height: 1 }).rgba]).toEqual([4, 0, 0, 255])
    store.close()
  })

  it('refuses a missing file and never creates one', () => {
    const path = join(scratch.directory, 'missing.zproj')
    expect(() => ProjectStore.open(path)).toThrow(expect.objectContaining({ code: 'project.notFound' }))
    expect(readdirSync(scratch.directory)).toEqual([])
  })

  it('refuses files that are not SQLite, untouched', () => {
    const text = join(scratch.directory, 'notes.zproj')
    writeFileSync(text, 'these are not the pixels you are looking for\n'.repeat(200))
    expectRefusedUntouched(text, 'project.notSqlite')
    const empty = join(scratch.directory, 'empty.zproj')
    writeFileSync(empty, '')
    expectRefusedUntouched(empty, 'project.notSqlite')
  })

  it('refuses a SQLite database of another application, untouched', () => {
    const path = join(scratch.directory, 'other.db')
    const db = new Database(path)
    db.exec('CREATE TABLE contacts (name TEXT)')
    db.close()
    expectRefusedUntouched(path, 'project.notProject')
  })

  it('refuses a project from a newer release, untouched', () => {
    const path = createClosedProject()
    const db = new Database(path)
    db.pragma(`user_version = ${CURRENT_SCHEMA_VERSION + 1}`)
    db.close()
    expectRefusedUntouched(path, 'project.newerSchema')
  })

  it('refuses a truncated project, untouched', () => {
    const path = createClosedProject()
    truncateSync(path, Math.floor(statSync(path).size / 2))
    expectRefusedUntouched(path, 'project.damaged')
  })

  it('refuses a project whose pages were overwritten, untouched', () => {
    const path = createClosedProject()
    const db = new Database(path, { readonly: true })
    const pageSize = db.pragma('page_size', { simple: true }) as number
    const rootPage = db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'versions'`).pluck().get() as number
    db.close()
    const bytes = readFileSync(path)
    bytes.fill(0xa5, (rootPage - 1) * pageSize + 8, (rootPage - 1) * pageSize + 400)
    writeFileSync(path, bytes)
    expectRefusedUntouched(path, 'project.damaged')
  })

  it('refuses to create a project over an existing file', () => {
    const path = createClosedProject()
    const bytes = readFileSync(path)
    expect(() => ProjectStore.create(path, { name: 'x', width: 1, height: 1, rgba: Buffer.alloc(4) })).toThrow(
      expect.objectContaining({ code: 'project.exists' }),
    )
    expect(readFileSync(path).equals(bytes)).toBe(true)
  })

  it('upgrades a project written with schema 1, keeping its versions and pixels', () => {
    const path = join(scratch.directory, 'old.zproj')
    buildSchema1Project(path)
    const store = ProjectStore.open(path)
    expect(store.head).toBe(2)
    expect(store.document()).toMatchObject({ name: 'old', width: 300, height: 200 })
    expect(store.version(2)).toMatchObject({ operation: 'inpaint', params: { steps: 8 }, prompt: '把右边涂成红色' })
    expect(store.search('红色').map((entry) => entry.id)).toEqual([2])
    expect(store.history().map((entry) => entry.hasThumbnail)).toEqual([false, false])
    const pixels = store.readLayer(2, 'background')
    expect([...pixels.rgba.subarray(0, 4)]).toEqual([10, 20, 30, 255])
    expect([...pixels.rgba.subarray((300 * 200 - 1) * 4)]).toEqual([200, 0, 0, 255])
    expect([...store.readLayer(1, 'background').rgba.subarray((300 * 200 - 1) * 4)]).toEqual([10, 20, 30, 255])
    // The column migration 2 added works.
    const next = store.commitEdit({ operation: 'note', thumbnail: Buffer.from('png'), layers: [] }).versionId
    expect(store.thumbnail(next)).toEqual(Buffer.from('png'))
    store.close()
    const db = new Database(path, { readonly: true })
    expect(db.pragma('user_version', { simple: true })).toBe(CURRENT_SCHEMA_VERSION)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
  })

  it('save as writes a complete copy that opens on its own', async () => {
    const path = createClosedProject()
    const store = ProjectStore.open(path)
    store.undo()
    const branch = store.commitEdit({ operation: 'branch', prompt: '另存为', layers: [] }).versionId
    const copyPath = join(scratch.directory, 'copy.zproj')
    await store.saveAs(copyPath)
    await expect(store.saveAs(path)).rejects.toMatchObject({ code: 'project.inUse' })
    const copy = ProjectStore.open(copyPath)
    expect(copy.head).toBe(branch)
    expect(copy.history()).toEqual(store.history())
    expect(copy.readLayer(6, 'background').rgba.equals(store.readLayer(6, 'background').rgba)).toBe(true)
    expect(copy.search('另存为').map((entry) => entry.id)).toEqual([branch])
    copy.close()
    store.close()
  })
})
