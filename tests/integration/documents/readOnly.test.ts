/**
 * Read-only media (issue 14, item 4), on a real read-only tmpfs: tests run as root, where chmod stops nothing.
 * A project there opens for viewing; a read-only or missing data folder gives clear errors and start-up goes on.
 */
import { mkdirSync, readdirSync } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, dispatch, type Api } from '../../../src-main/api'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import { prepareDataFolders } from '../../../src-main/documents/dataFolders'
import { ProjectStore } from '../../../src-main/documents/project'
import type { DocumentInfo, MethodInput, MethodName } from '../../../src-shared/contract'
import { gradient, png } from '../../fixtures/images'
import { canMount, smallTmpfs } from '../../fixtures/tmpfs'

describe.runIf(canMount)('read-only media', () => {
  let media: ReturnType<typeof smallTmpfs>
  let scratch: string
  let compute: ComputeHost
  const apis: Api[] = []

  beforeAll(() => {
    media = smallTmpfs()
    scratch = mkdtempSync(join(tmpdir(), 'read-only-'))
    mkdirSync(join(media.directory, 'data'))
    const store = ProjectStore.create(join(media.directory, 'card.zproj'), { name: 'card.png', width: 300, height: 200, rgba: Buffer.alloc(300 * 200 * 4, 120) })
    store.commitEdit({ operation: 'brush', layers: [{ layerId: 'background', pixels: { rect: { x: 0, y: 0, width: 8, height: 8 }, rgba: Buffer.alloc(256, 9) } }] })
    store.close()
    media.readOnly()
    compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  })
  afterAll(() => {
    for (const api of apis) api.close()
    compute.dispose()
    media.unmount()
    rmSync(scratch, { recursive: true, force: true })
  })

  function api(projectsDir: string, userDataDir: string) {
    const created = createApi({ mode: 'web', version: 'test', compute, folders: { projectsDir, userDataDir } })
    apis.push(created)
    return <M extends MethodName>(method: M, input: MethodInput<M>) => dispatch(created.handlers, method, input)
  }

  it('a project on read-only media opens read-only: viewable, edits refused with project.readOnly, Save as copies it', async () => {
    const call = api(join(scratch, 'projects'), scratch)
    const opened = await call('documents.openProject', { path: join(media.directory, 'card.zproj') })
    expect(opened).toMatchObject({ ok: true, value: { readOnly: true, head: 2, path: join(media.directory, 'card.zproj') } })
    const document = (opened as { value: DocumentInfo }).value
    const grid = await call('layers.tileGrid', { documentId: document.id, layerId: 'background' })
    const hashes = (grid as { value: { tiles: string[] } }).value.tiles
    expect(await call('tiles.read', { documentId: document.id, hashes })).toMatchObject({ ok: true })
    expect(await call('history.list', { documentId: document.id })).toMatchObject({ ok: true, value: { length: 2 } })
    const stroke = { documentId: document.id, layerId: 'background', operation: 'brush', rect: { x: 0, y: 0, width: 2, height: 2 }, rgba: Buffer.alloc(16, 1) } as const
    expect(await call('layers.paint', stroke)).toMatchObject({ ok: false, error: { code: 'project.readOnly' } })
    expect(await call('history.undo', { documentId: document.id })).toMatchObject({ ok: false, error: { code: 'project.readOnly' } })
    const copy = join(scratch, 'card copy.zproj')
    expect(await call('documents.saveAs', { documentId: document.id, path: copy })).toMatchObject({ ok: true })
    const reopened = await call('documents.openProject', { path: copy })
    expect(reopened).toMatchObject({ ok: true, value: { readOnly: false, head: 2 } })
    expect(await call('layers.paint', { ...stroke, documentId: (reopened as { value: DocumentInfo }).value.id })).toMatchObject({ ok: true })
    expect(readdirSync(media.directory).sort()).toEqual(['card.zproj', 'data'])
  })

  it('a read-only projects folder: a photo is refused with project.readOnly naming the folder, not "internal"', async () => {
    const folder = join(media.directory, 'data')
    const call = api(folder, scratch)
    const reply = await call('documents.openImage', { name: 'sofa.png', bytes: await png(gradient(8, 8), 8, 8) })
    expect(reply).toMatchObject({ ok: false, error: { code: 'project.readOnly', details: { path: folder } } })
  })

  it('a data folder that does not exist on read-only media: start-up goes on with a message', async () => {
    const folders = { projectsDir: join(media.directory, 'new', 'projects'), userDataDir: join(media.directory, 'new') }
    const call = api(folders.projectsDir, folders.userDataDir)
    expect(await call('app.info', {})).toMatchObject({ ok: true })
    expect(prepareDataFolders(folders)).toMatch(/^Cannot write \S+new \(read-only\)/)
    expect(await call('documents.recent', {})).toEqual({ ok: true, value: [] })
    const opened = await call('documents.openProject', { path: join(media.directory, 'card.zproj') })
    expect(opened).toMatchObject({ ok: true, value: { readOnly: true } })
    const photo = await call('documents.openImage', { name: 'sofa.png', bytes: await png(gradient(8, 8), 8, 8) })
    expect(photo).toMatchObject({ ok: false, error: { code: 'project.readOnly' } })
  })

  it('a writable data folder needs no message', () => {
    expect(prepareDataFolders({ projectsDir: join(scratch, 'p'), userDataDir: scratch })).toBeUndefined()
  })
})
