/**
 * What can go wrong installing from the Hub, each ending with nothing half-installed: the app killed
 * mid-download (the next install resumes with a Range request), a file whose bytes do not hash to what the
 * Hub lists, a pack bigger than the free disk, and a repo already in the Hugging Face cache (no download).
 */
import { spawn } from 'node:child_process'
import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import { computePackRuntime } from '../../../src-main/models/computePackRuntime'
import { HubSettings } from '../../../src-main/models/hub/HubSettings'
import { ModelManager } from '../../../src-main/models/ModelManager'
import { AppError, type EventPayload } from '../../../src-shared/contract'
import { startFakeHub, type FakeHub, type FakeHubOptions } from '../../fixtures/hub/fakeHub'
import { writeHubCache } from '../../fixtures/hub/hubCache'
import { carveLama, tongyiZImageTurbo, webnnZImageTurbo } from '../../fixtures/hub/publicRepos'
import { scratchFolder } from '../../fixtures/oracle'
import { canMount, smallTmpfs } from '../../fixtures/tmpfs'

let scratch: Awaited<ReturnType<typeof scratchFolder>>
let compute: ComputeHost
let hub: FakeHub | undefined
let run = 0

beforeAll(async () => {
  scratch = await scratchFolder('hub-faults')
  process.env.HF_HUB_CACHE = join(scratch.path, 'hf-cache')
  compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
})

afterEach(async () => {
  await hub?.close()
  hub = undefined
})

afterAll(async () => {
  compute.dispose()
  delete process.env.HF_HUB_CACHE
  await scratch.remove()
})

/** A fresh app's model manager over its own models folder, pointed at a fresh local Hub. */
async function setUp(options: Partial<FakeHubOptions> = {}, modelsDir = join(scratch.path, `models-${run++}`)) {
  hub = await startFakeHub({ repos: [webnnZImageTurbo({ ballast: 1 << 21 }), tongyiZImageTurbo(), carveLama()], ...options })
  const userDataDir = join(modelsDir, '..', `user-${run}`)
  const settings = new HubSettings(userDataDir)
  await mkdir(userDataDir, { recursive: true })
  await settings.set({ endpoint: hub.url })
  const progress: EventPayload<'models.installProgress'>[] = []
  const models = new ModelManager(modelsDir, computePackRuntime(compute), settings, (p) => progress.push(p))
  return { models, modelsDir, userDataDir, progress, hub }
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

const resolves = (h: FakeHub) => h.requests.filter((r) => r.path.includes('/resolve/') || r.path.startsWith('/cdn/'))

describe('an app killed mid-download', () => {
  it('lists the download as pending after a restart, and the next install resumes it with a Range request', async () => {
    const { modelsDir, userDataDir, hub } = await setUp({ bytesPerSecond: 4 << 20 })
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/integration/models/installUntilKilled.ts', modelsDir, userDataDir, 'webnn/Z-Image-Turbo'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let done = 0
    for await (const line of createInterface({ input: child.stdout! })) {
      done = JSON.parse(line).bytesDone
      if (done > 3 << 20) break
    }
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))
    expect(done).toBeGreaterThan(3 << 20)

    // The restarted app: a new manager over the same folders.
    const settings = new HubSettings(userDataDir)
    const models = new ModelManager(modelsDir, computePackRuntime(compute), settings)
    expect(await models.list()).toEqual([])
    const [pending] = await models.pending()
    expect(pending).toMatchObject({ kind: 'hub', source: 'webnn/Z-Image-Turbo' })
    expect(pending!.bytesDone).toBeGreaterThan(3 << 20)
    expect(pending!.bytesDone).toBeLessThan(pending!.bytesTotal)

    const before = hub.requests.length
    const pack = await models.installFromHub('webnn/Z-Image-Turbo')
    expect(pack.id).toBe('webnn--z-image-turbo')
    const resumed = hub.requests.slice(before).filter((r) => r.range && r.range !== 'bytes=0-')
    expect(resumed.length).toBeGreaterThan(0)
    expect(await models.pending()).toEqual([])
    expect((await readdir(modelsDir)).sort()).toEqual(['webnn--z-image-turbo'])
  })
})

describe('cancelling', () => {
  it('stops a download in progress, removes its partial files and lists nothing', async () => {
    const { models, modelsDir, progress } = await setUp({ bytesPerSecond: 2 << 20 })
    const install = models.installFromHub('webnn/Z-Image-Turbo')
    while (!progress.some((p) => p.bytesDone > 1 << 20)) await new Promise((resolve) => setTimeout(resolve, 20))
    models.cancelInstall('webnn/Z-Image-Turbo')
    expect((await refusal(install)).code).toBe('pack.cancelled')
    expect(await readdir(modelsDir)).toEqual([])
    expect(await models.pending()).toEqual([])
  })
})

describe('refusals', () => {
  it('refuses a file whose bytes do not hash to what the Hub lists, naming it, and installs nothing', async () => {
    const { models, modelsDir } = await setUp({ corrupt: new Set(['onnx/vae_decoder_model_f16.onnx']) })
    const error = await refusal(models.installFromHub('webnn/Z-Image-Turbo'))
    expect(error.code).toBe('pack.checksum')
    expect(error.message).toMatch(/onnx\/vae_decoder_model_f16\.onnx from webnn\/Z-Image-Turbo is corrupt/)
    expect(await readdir(modelsDir)).toEqual([])
    expect(await models.list()).toEqual([])
  })

  it.runIf(canMount)('refuses a pack bigger than the free disk before its first byte', async () => {
    // A 4 MB file system: the transformer's sidecar alone is 8 MB.
    const disk = smallTmpfs('4m')
    try {
      const { models, hub } = await setUp({}, disk.directory)
      const error = await refusal(models.installFromHub('webnn/Z-Image-Turbo'))
      expect(error.code).toBe('pack.diskFull')
      expect(error.message).toMatch(/needs \d+\.\d\d GB more and the disk has 0\.00 GB free/)
      expect(resolves(hub)).toEqual([])
      expect(await readdir(disk.directory)).toEqual([])
    } finally {
      disk.unmount()
    }
  })
})

describe('the Hugging Face cache', () => {
  it('installs a repo it holds at the listed commit without downloading a byte, and offers it', async () => {
    const cache = process.env.HF_HUB_CACHE!
    await writeHubCache(cache, carveLama())
    const { models, hub } = await setUp()
    expect((await models.findCached()).map(({ repo, family }) => ({ repo, family }))).toEqual([{ repo: 'Carve/LaMa-ONNX', family: 'lama' }])
    const pack = await models.installFromHub('Carve/LaMa-ONNX')
    expect(pack).toMatchObject({ id: 'carve--lama-onnx', enables: ['remove'] })
    expect(resolves(hub)).toEqual([])
  })

  it('imports a snapshot folder as downloaded: symlinks followed, hashes checked against the blob names', async () => {
    const entry = await writeHubCache(join(scratch.path, 'other-cache'), webnnZImageTurbo())
    await writeHubCache(process.env.HF_HUB_CACHE!, tongyiZImageTurbo())
    const { models, hub, progress } = await setUp()
    const pack = await models.installFromFolder(entry.snapshot)
    expect(pack).toMatchObject({ id: 'webnn--z-image-turbo', family: 'z-image', enables: ['generate'] })
    expect(pack.sources.map((s) => s.revision)).toEqual([entry.commit, expect.stringMatching(/^[0-9a-f]{40}$/)])
    expect(resolves(hub)).toEqual([])
    // Hashing on import reports its progress.
    expect(progress.some((p) => p.phase === 'verify' && p.bytesDone === p.bytesTotal)).toBe(true)
  })
})
