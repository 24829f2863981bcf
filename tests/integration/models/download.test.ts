/**
 * Installing a pack served over HTTP by a real node:http server on 127.0.0.1: Range resume after a dropped
 * connection, progress, cancel, an unreachable host, and no half-installed pack after any failure.
 */
import { readFile, readdir } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import { computePackRuntime } from '../../../src-main/models/computePackRuntime'
import { ModelManager } from '../../../src-main/models/ModelManager'
import { HubSettings } from '../../../src-main/models/hub/HubSettings'
import type { InstallProgress } from '../../../src-main/models/progressMeter'
import { AppError } from '../../../src-shared/contract'
import { buildZImagePack, scratchFolder } from '../../fixtures/oracle'

const BIG_FILE = 'onnx/transformer.onnx_data'

/** How the server misbehaves for BIG_FILE: cut the connection after some bytes, hang, or corrupt it. */
interface Faults {
  dropAfter?: number
  /** Requests to drop before serving normally again; Infinity drops every one. */
  drops?: number
  hangAfter?: number
  corrupt?: boolean
}

let compute: ComputeHost
let scratch: Awaited<ReturnType<typeof scratchFolder>>
let server: Server
let base: string
let faults: Faults = {}
let ranges: (string | undefined)[] = []
let models: ModelManager
let progress: InstallProgress[] = []
let installs = 0
let hanging = false

beforeAll(async () => {
  compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  scratch = await scratchFolder('oracle-download')
  const packFolder = await buildZImagePack(join(scratch.path, 'served'), { ballast: 64 * 1024 })
  server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url!, 'http://x').pathname).replace(/^\/pack\//, '')
    const bytes = await readFile(join(packFolder, path)).catch(() => undefined)
    if (!bytes) return response.writeHead(404).end()
    if (path !== BIG_FILE) return response.writeHead(200, { 'content-length': bytes.length }).end(bytes)
    ranges.push(request.headers.range)
    const from = resumedFrom(request.headers.range)
    const body = Buffer.from(bytes.subarray(from))
    if (faults.corrupt) body[body.length - 1]! ^= 0xff
    response.writeHead(from > 0 ? 206 : 200, {
      'content-length': body.length,
      ...(from > 0 ? { 'content-range': `bytes ${from}-${bytes.length - 1}/${bytes.length}` } : {}),
    })
    if (faults.hangAfter !== undefined) return response.write(body.subarray(0, faults.hangAfter), () => (hanging = true))
    if (faults.dropAfter !== undefined && (faults.drops ?? 0) > 0) {
      faults.drops! -= 1
      // A stall, then a FIN short of the promised length: the client reads the bytes, then sees a premature close.
      // (A FIN in the same read as the bytes lets fetch's stream error before they are read, and they are gone.)
      response.write(body.subarray(0, faults.dropAfter), () => setTimeout(() => response.socket?.end(), 100))
      return
    }
    response.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pack`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  compute.dispose()
  await scratch.remove()
})

beforeEach(() => {
  faults = {}
  ranges = []
  progress = []
  hanging = false
  // A models folder per test: each starts with nothing installed.
  models = new ModelManager(join(scratch.path, `models-${installs++}`), computePackRuntime(compute), new HubSettings(scratch.path), (p) => progress.push(p))
})

const resumedFrom = (range: string | undefined) => Number(/^bytes=(\d+)-$/.exec(range ?? '')?.[1] ?? 0)

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

describe('installing from a URL', () => {
  it('downloads pack.json and every file, checks them and reports progress with speed and time left', async () => {
    const pack = await models.installFromUrl(base)
    expect(pack.id).toBe('z-image-turbo-oracle')
    expect((await models.list()).map((p) => p.id)).toEqual(['z-image-turbo-oracle'])
    expect(await readdir(models.modelsDir)).toEqual(['z-image-turbo-oracle'])
    const last = progress.at(-1)!
    expect(last).toMatchObject({ source: base, bytesDone: pack.sizeOnDisk, bytesTotal: pack.sizeOnDisk })
    expect(last.bytesPerSecond).toBeGreaterThan(0)
    expect(last.secondsLeft).toBe(0)
  })

  it('resumes a file with a Range request after the server drops the connection mid-file', async () => {
    faults = { dropAfter: 100_000, drops: 1 }
    await models.installFromUrl(base)
    // It resumes from what reached the disk: at most what was sent, not from zero.
    expect(ranges).toEqual([undefined, expect.stringMatching(/^bytes=\d+-$/)])
    expect(resumedFrom(ranges[1])).toBeGreaterThan(0)
    expect(resumedFrom(ranges[1])).toBeLessThanOrEqual(100_000)
    expect((await models.list()).map((p) => p.id)).toEqual(['z-image-turbo-oracle'])
  })

  it('fails clearly when every attempt drops, installs nothing, and resumes on the next install', async () => {
    faults = { dropAfter: 1000, drops: Infinity }
    const error = await refusal(models.installFromUrl(base))
    expect(error.code).toBe('pack.download')
    expect(error.message).toContain(BIG_FILE)
    expect(await models.list()).toEqual([])

    faults = {}
    ranges = []
    await models.installFromUrl(`${base}/`)
    expect(ranges).toHaveLength(1)
    expect(resumedFrom(ranges[0])).toBeGreaterThan(0)
    // The partial download's folder went into place as the pack.
    expect(await readdir(models.modelsDir)).toEqual(['z-image-turbo-oracle'])
  })

  it('refuses a file whose bytes do not match its checksum and leaves nothing behind', async () => {
    faults = { corrupt: true }
    const error = await refusal(models.installFromUrl(base))
    expect(error.code).toBe('pack.checksum')
    expect(error.message).toContain(BIG_FILE)
    expect(await readdir(models.modelsDir)).toEqual([])
  })

  it('cancels a download in progress: pack.cancelled, partial files removed', async () => {
    faults = { hangAfter: 50_000 }
    const install = models.installFromUrl(base)
    await vi.waitFor(() => expect(hanging).toBe(true))
    models.cancelInstall(base)
    const error = await refusal(install)
    expect(error.code).toBe('pack.cancelled')
    expect(await readdir(models.modelsDir)).toEqual([])
  })

  it('says pack.unreachable for a port nobody listens on', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise((resolve) => closed.close(resolve))
    const error = await refusal(models.installFromUrl(`http://127.0.0.1:${port}/pack`))
    expect(error.code).toBe('pack.unreachable')
    expect(error.message).toContain('ECONNREFUSED')
    expect(await readdir(models.modelsDir)).toEqual([])
  })

  it('says pack.noManifest where the server has no pack.json', async () => {
    const error = await refusal(models.installFromUrl(base.replace('/pack', '/elsewhere')))
    expect(error.code).toBe('pack.noManifest')
  })
})
