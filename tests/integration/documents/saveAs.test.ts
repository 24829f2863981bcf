/**
 * Save as through the API (issue 14, items 1 and 3): it never writes onto a project that is open, whatever name
 * reaches its file, and never replaces another file unless the call says overwrite (the UI asks first).
 */
import { linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../../src-main/documents/project'
import type { DocumentInfo } from '../../../src-shared/contract'
import { startApi } from '../../fixtures/apiHarness'
import { gradient, png } from '../../fixtures/images'

const { call, refusal, close, dataDir } = startApi('save-as-')
afterAll(close)

let a: DocumentInfo
let b: DocumentInfo
const elsewhere = join(dataDir, 'elsewhere')

async function paint(document: DocumentInfo, shade: number): Promise<DocumentInfo> {
  const rgba = Buffer.alloc(4 * 4 * 4, shade)
  return call('layers.paint', { documentId: document.id, layerId: document.layers[0]!.id, operation: 'brush', rect: { x: 0, y: 0, width: 4, height: 4 }, rgba })
}

beforeAll(async () => {
  mkdirSync(elsewhere)
  a = (await call('documents.openImage', { name: 'a.png', bytes: await png(gradient(32, 32), 32, 32) })).document
  for (let i = 1; i <= 5; i++) a = await paint(a, i * 10)
  b = (await call('documents.openImage', { name: 'b.png', bytes: await png(gradient(16, 16), 16, 16) })).document
})

/** A's history is whole and it still takes edits: what a Save as onto its file destroyed (project.versionNotFound). */
async function expectAIntact(): Promise<void> {
  const versions = (await call('history.list', { documentId: a.id })).length
  expect(versions).toBeGreaterThanOrEqual(6)
  a = await paint(a, 99)
  expect(a.head).toBe(versions + 1)
}

describe('Save as refuses an open project', () => {
  it.each([
    ['by its path', () => a.path],
    ['by a symlink to it', () => {
      const link = join(elsewhere, 'link.zproj')
      symlinkSync(a.path, link)
      return link
    }],
    ['by a hard link to it', () => {
      const link = join(elsewhere, 'hard.zproj')
      linkSync(a.path, link)
      return link
    }],
    ['by a path with .. in it', () => join(elsewhere, '..', 'projects', 'a.zproj')],
    ['by its write-ahead log', () => `${a.path}-wal`],
  ])('B onto A %s, even with overwrite: project.inUse, A untouched', async (_how, target) => {
    const path = target()
    expect(await refusal('documents.saveAs', { documentId: b.id, path, overwrite: true })).toMatchObject({ code: 'project.inUse' })
    await expectAIntact()
  })

  it('a project onto itself: project.inUse', async () => {
    expect(await refusal('documents.saveAs', { documentId: a.id, path: a.path, overwrite: true })).toMatchObject({ code: 'project.inUse' })
    await expectAIntact()
  })
})

describe('Save as and existing files', () => {
  it('refuses to replace a file without overwrite (project.exists), and leaves nothing behind', async () => {
    const path = join(elsewhere, 'notes.zproj')
    writeFileSync(path, 'keep me')
    const before = readdirSync(elsewhere).sort()
    expect(await refusal('documents.saveAs', { documentId: b.id, path })).toMatchObject({ code: 'project.exists', details: { path } })
    expect(readFileSync(path, 'utf8')).toBe('keep me')
    expect(readdirSync(elsewhere).sort()).toEqual(before)
  })

  it('replaces a closed project with overwrite: the copy holds the saved history, no stale WAL beside it', async () => {
    const path = join(elsewhere, 'old.zproj')
    const old = ProjectStore.create(path, { name: 'old', width: 8, height: 8, rgba: Buffer.alloc(8 * 8 * 4, 200) })
    old.close()
    writeFileSync(`${path}-wal`, 'stale log of the replaced file')
    expect(await call('documents.saveAs', { documentId: a.id, path, overwrite: true })).toEqual({ path })
    expect(readdirSync(elsewhere)).not.toContain('old.zproj-wal')
    const copy = await call('documents.openProject', { path })
    expect(copy.name).toBe('a.png')
    expect(await call('history.list', { documentId: copy.id })).toEqual(await call('history.list', { documentId: a.id }))
    await call('documents.close', { documentId: copy.id })
  })

  it('refuses a folder as the target even with overwrite (project.notAFile)', async () => {
    const folder = join(elsewhere, 'folder.zproj')
    mkdirSync(folder)
    expect(await refusal('documents.saveAs', { documentId: b.id, path: folder, overwrite: true })).toMatchObject({ code: 'project.notAFile' })
  })

  it('refuses a folder that does not exist (project.notFound)', async () => {
    expect(await refusal('documents.saveAs', { documentId: b.id, path: join(elsewhere, 'nope', 'b.zproj') })).toMatchObject({
      code: 'project.notFound',
    })
  })
})

describe('paths are checked by the contract (item 3)', () => {
  it.each([
    ['a NUL byte', () => join(elsewhere, 'a\0b.zproj')],
    ['a relative path', () => 'relative.zproj'],
    ['a trailing slash', () => `${join(elsewhere, 'slash.zproj')}/`],
  ])('Save as to a path with %s is api.badInput, and no file appears', async (_what, target) => {
    const before = readdirSync(elsewhere).sort()
    const cwdBefore = readdirSync(process.cwd()).sort()
    expect(await refusal('documents.saveAs', { documentId: b.id, path: target() })).toMatchObject({ code: 'api.badInput' })
    expect(readdirSync(elsewhere).sort()).toEqual(before)
    expect(readdirSync(process.cwd()).sort()).toEqual(cwdBefore)
  })

  it('a photo name with a NUL byte or a separator is api.badInput', async () => {
    const bytes = await png(gradient(8, 8), 8, 8)
    for (const name of ['a\0b.png', '../escape.png', 'sub/dir.png', '..']) {
      expect(await refusal('documents.openImage', { name, bytes })).toMatchObject({ code: 'api.badInput' })
    }
    expect(readdirSync(join(dataDir, 'projects')).filter((file) => file.endsWith('.zproj')).sort()).toEqual(['a.zproj', 'b.zproj'])
  })

  it('export names the file without any folder, whatever an older project is called', async () => {
    const path = join(elsewhere, 'named.zproj')
    ProjectStore.create(path, { name: '../../etc/evil\0.png', width: 8, height: 8, rgba: Buffer.alloc(8 * 8 * 4, 80) }).close()
    const named = await call('documents.openProject', { path })
    const png = await call('documents.export', { documentId: named.id, format: 'png' })
    expect(png.fileName).toBe('evil.png')
    const psd = await call('documents.exportPsd', { documentId: named.id })
    expect(psd.fileName).toBe('evil.psd')
  })
})
