/**
 * Opening files without harm (issue 14, items 2, 5 and 7): a pipe never blocks main, a failed open leaves no file
 * behind, and a project reaches the project path whichever way it is opened.
 */
import { spawn } from 'node:child_process'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, dispatch } from '../../../src-main/api'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import { startApi } from '../../fixtures/apiHarness'
import { gradient, png, randomBytes } from '../../fixtures/images'
import { canMount, smallTmpfs } from '../../fixtures/tmpfs'

const { call, refusal, close, dataDir } = startApi('open-safety-')
afterAll(close)
const files = join(dataDir, 'files')
const projectsDir = join(dataDir, 'projects')
const projects = () => readdirSync(projectsDir).filter((file) => file.endsWith('.zproj')).sort()

beforeAll(() => mkdirSync(files))

describe('only regular files are opened (item 2)', () => {
  /**
   * A synchronous open of a FIFO blocks main until a writer appears, and a blocked thread fires no test timeout; so a
   * child opens the writing end after 3 s, and a build that blocks comes back late, and fails, instead of hanging.
   */
  it.each(['documents.openProject', 'documents.open'] as const)('%s of a named pipe is project.notAFile at once', async (method) => {
    const fifo = join(files, `pipe-${method}.zproj`)
    execFileSync('mkfifo', [fifo])
    const unblocker = spawn('sh', ['-c', `sleep 3; : > '${fifo}'`], { stdio: 'ignore' })
    try {
      const started = Date.now()
      expect(await refusal(method, { path: fifo })).toMatchObject({ code: 'project.notAFile' })
      expect(Date.now() - started).toBeLessThan(1000)
    } finally {
      unblocker.kill()
    }
  }, 10_000)

  it('a folder is project.notAFile', async () => {
    expect(await refusal('documents.openProject', { path: files })).toMatchObject({ code: 'project.notAFile' })
    expect(await refusal('documents.open', { path: files })).toMatchObject({ code: 'project.notAFile' })
  })
})

describe('opening projects by path or bytes (item 7)', () => {
  let projectPath: string
  beforeAll(async () => {
    const { document } = await call('documents.openImage', { name: 'sofa.png', bytes: await png(gradient(24, 16), 24, 16) })
    // Closed, so its WAL is checkpointed and the file alone is the whole project, as a copied or uploaded one is.
    await call('documents.close', { documentId: document.id })
    projectPath = document.path
  })

  it('openImage refuses a project with image.isProject and creates nothing', async () => {
    const before = projects()
    expect(await refusal('documents.openImage', { name: 'sofa.zproj', bytes: readFileSync(projectPath) })).toMatchObject({ code: 'image.isProject' })
    expect(projects()).toEqual(before)
  })

  it('documents.open opens a project in place and a photo as a new project with its preview, by content not by extension', async () => {
    const renamed = join(files, 'looks-like-a-photo.png')
    copyFileSync(projectPath, renamed)
    const { document: asProject, preview: projectPreview } = await call('documents.open', { path: renamed })
    expect(asProject.path).toBe(renamed)
    expect(asProject.name).toBe('sofa.png')
    expect(projectPreview).toBeUndefined()
    const photo = join(files, 'garden.png')
    writeFileSync(photo, await png(gradient(10, 10), 10, 10))
    const { document: asPhoto, preview } = await call('documents.open', { path: photo })
    expect(asPhoto.path).toBe(join(projectsDir, 'garden.zproj'))
    expect([asPhoto.width, asPhoto.height]).toEqual([10, 10])
    expect([preview?.width, preview?.height]).toEqual([10, 10])
    // The answer comes with the preview, before the host has written the project: wait for it, as the next test
    // counts the projects folder's files.
    await call('documents.listOpen', {})
    expect(projects()).toContain('garden.zproj')
  })

  it('importProject opens a copy of project bytes in the projects folder; other bytes leave nothing', async () => {
    const imported = await call('documents.importProject', { name: 'sofa.zproj', bytes: readFileSync(projectPath) })
    expect(imported.path).toBe(join(projectsDir, 'sofa 2.zproj'))
    expect(imported.name).toBe('sofa.png')
    const before = projects()
    expect(await refusal('documents.importProject', { name: 'x.zproj', bytes: randomBytes(4096) })).toMatchObject({ code: 'project.notSqlite' })
    const damaged = Buffer.concat([readFileSync(projectPath).subarray(0, 100), Buffer.alloc(4096)])
    expect((await refusal('documents.importProject', { name: 'y.zproj', bytes: damaged })).code).toMatch(/^project\./)
    expect(projects()).toEqual(before)
  })
})

describe('a failed open leaves no file behind (item 5)', () => {
  it.runIf(canMount)('on a full disk: project.diskFull, no .zproj left, the name still free', async () => {
    const disk = smallTmpfs('1m')
    const compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
    const api = createApi({ mode: 'web', version: 'test', compute, folders: { projectsDir: disk.directory, userDataDir: join(dataDir, 'full-disk') } })
    try {
      // Fill the disk to its last byte; the photo is noise, so its tiles cannot compress into what is left.
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${join(disk.directory, 'filler')}`, 'bs=4k'], { stdio: 'ignore' })
      } catch {
        // dd stops with "No space left", which is the point.
      }
      const bytes = await png(randomBytes(64 * 64 * 4), 64, 64)
      // The photo shows from its preview at once; the store that follows fails, and says so to the first call on it.
      const reply = await dispatch(api.handlers, 'documents.openImage', { name: 'noise.png', bytes })
      if (!reply.ok) throw new Error(`openImage refused: ${reply.error.message}`)
      const { document } = reply.value as { document: { id: string } }
      const stored = await dispatch(api.handlers, 'layers.tileGrid', { documentId: document.id, layerId: 'background' })
      expect(stored).toMatchObject({ ok: false, error: { code: 'project.diskFull' } })
      expect(readdirSync(disk.directory)).toEqual(['filler'])
      execFileSync('rm', [join(disk.directory, 'filler')])
      const again = await dispatch(api.handlers, 'documents.openImage', { name: 'noise.png', bytes })
      expect(again).toMatchObject({ ok: true, value: { document: { path: join(disk.directory, 'noise.zproj') } } })
    } finally {
      api.close()
      compute.dispose()
      disk.unmount()
    }
  })
})
