import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, dispatch, type Api, type Handlers } from '../../src-main/api'
import { ComputeHost } from '../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../src-main/compute/forkComputeProcess'
import { decodeImage } from '../../src-main/imaging/decode'
import { methods, type AppErrorData, type DocumentInfo, type Reply } from '../../src-shared/contract'
import { MAX_FILE_BYTES } from '../../src-shared/limits'
import { gradient, png, truncatedJpeg } from '../fixtures/images'
import { layerThroughApi, type Call } from '../fixtures/layerThroughApi'

let compute: ComputeHost
let api: Api
let handlers: Handlers
let dataDir: string

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dispatch-'))
  compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  api = createApi({ mode: 'desktop', version: '1.2.3-test', compute, folders: { projectsDir: join(dataDir, 'projects'), userDataDir: dataDir } })
  handlers = api.handlers
})

afterAll(() => {
  compute.dispose()
  api.close()
  rmSync(dataDir, { recursive: true, force: true })
})

function valueOf<T>(reply: Reply<unknown>): T {
  if (!reply.ok) throw new Error(`expected a value, got ${reply.error.code}: ${reply.error.message}`)
  return reply.value as T
}

function errorOf(reply: Reply<unknown>): AppErrorData {
  if (reply.ok) throw new Error(`expected an error, got ${JSON.stringify(reply.value)}`)
  return reply.error
}

const call: Call = async (method, input) => valueOf(await dispatch(handlers, method, input))

async function openImage(name: string, bytes: Uint8Array): Promise<DocumentInfo> {
  return (await call('documents.openImage', { name, bytes })).document
}

const layerPixels = (document: DocumentInfo) => layerThroughApi(call, document.id, document.layers[0]!.id)

describe('dispatch', () => {
  it('answers app.info', async () => {
    const info = valueOf(await dispatch(handlers, 'app.info', {}))
    expect(info).toEqual({ version: '1.2.3-test', mode: 'desktop', platform: process.platform })
  })

  it.each([['documents.nope'], [''], [42], [undefined], [null], ['toString'], ['__proto__'], [{ method: 'app.info' }]])(
    'refuses method %j with api.unknownMethod',
    async (method) => {
      expect(errorOf(await dispatch(handlers, method, {})).code).toBe('api.unknownMethod')
    },
  )

  it.each<[string, string, unknown]>([
    ['no input', 'documents.openImage', undefined],
    ['null input', 'documents.openImage', null],
    ['missing bytes', 'documents.openImage', { name: 'a.png' }],
    ['missing name', 'documents.openImage', { bytes: new Uint8Array([1]) }],
    ['an empty name', 'documents.openImage', { name: '', bytes: new Uint8Array([1]) }],
    ['a name that is a number', 'documents.openImage', { name: 7, bytes: new Uint8Array([1]) }],
    ['bytes as an array of numbers', 'documents.openImage', { name: 'a.png', bytes: [137, 80, 78, 71] }],
    ['bytes as an ArrayBuffer', 'documents.openImage', { name: 'a.png', bytes: new ArrayBuffer(8) }],
    ['bytes as a base64 string', 'documents.openImage', { name: 'a.png', bytes: 'iVBORw0KGgo=' }],
    ['a layer id that is a number', 'layers.tileGrid', { documentId: 'd', layerId: 1 }],
    ['a tile hash that is not a sha256', 'tiles.read', { documentId: 'd', hashes: ['../etc/passwd'] }],
    ['paint pixels that do not fill the rect', 'layers.paint', { documentId: 'd', layerId: 'l', operation: 'brush', rect: { x: 0, y: 0, width: 2, height: 2 }, rgba: new Uint8Array(4) }],
    ['an export format it does not write', 'documents.export', { documentId: 'd', format: 'gif' }],
    ['an export quality of 0', 'documents.export', { documentId: 'd', format: 'jpeg', quality: 0 }],
    ['an export quality of 101', 'documents.export', { documentId: 'd', format: 'jpeg', quality: 101 }],
    ['a fractional export quality', 'documents.export', { documentId: 'd', format: 'jpeg', quality: 80.5 }],
  ])('refuses %s with api.badInput', async (_name, method, input) => {
    const error = errorOf(await dispatch(handlers, method, input))
    expect(error.code).toBe('api.badInput')
    expect(error.details).toEqual({ method })
  })

  it('opens an image and serves its decoded pixels', async () => {
    const bytes = await png(gradient(40, 30, true), 40, 30)
    const opened = await call('documents.openImage', { name: 'gradient.png', bytes })
    expect(() => methods['documents.openImage'].output.parse(opened)).not.toThrow()
    expect(opened).toMatchObject({ document: { name: 'gradient.png', width: 40, height: 30 }, source: { format: 'png', bitDepth: 8 } })
    const document = opened.document
    expect(document.layers).toHaveLength(1)
    expect(document.path).toBe(join(dataDir, 'projects', 'gradient.zproj'))

    const pixels = await layerPixels(document)
    const decoded = await decodeImage(bytes)
    expect([pixels.width, pixels.height]).toEqual([40, 30])
    expect(Buffer.from(pixels.rgba).equals(decoded.rgba)).toBe(true)
  })

  // Electron IPC has no message limit of its own: the contract's is what stops an oversized call there.
  it('refuses a file over the size limit before decoding it, as the IPC binding sees it', async () => {
    const error = errorOf(await dispatch(handlers, 'documents.openImage', { name: 'huge.tif', bytes: new Uint8Array(MAX_FILE_BYTES + 1) }))
    expect(error.code).toBe('api.badInput')
    expect(error.message).toContain('file too large')
  })

  it('answers image.corrupt for a damaged file and leaves an open document untouched', async () => {
    const document = await openImage('before.png', await png(gradient(20, 10), 20, 10))
    const before = Buffer.from((await layerPixels(document)).rgba)

    const error = errorOf(await dispatch(handlers, 'documents.openImage', { name: 'broken.jpg', bytes: await truncatedJpeg() }))
    expect(error.code).toBe('image.corrupt')

    const after = await layerPixels(document)
    expect(Buffer.from(after.rgba).equals(before)).toBe(true)
  })

  it('exports PNG that decodes to the layer pixels exactly, named after the document', async () => {
    const document = await openImage('holiday.tiff', await png(gradient(25, 15, true), 25, 15))
    const exported = valueOf<{ fileName: string; mimeType: string; bytes: Uint8Array }>(
      await dispatch(handlers, 'documents.export', { documentId: document.id, format: 'png' }),
    )
    expect([exported.fileName, exported.mimeType]).toEqual(['holiday.png', 'image/png'])
    const decoded = await decodeImage(exported.bytes)
    expect(decoded.rgba.equals((await layerPixels(document)).rgba)).toBe(true)
  })

  it('names a JPEG export .jpg and gives it the JPEG type', async () => {
    const document = await openImage('scan', await png(gradient(8, 8), 8, 8))
    const exported = valueOf<{ fileName: string; mimeType: string; bytes: Uint8Array }>(
      await dispatch(handlers, 'documents.export', { documentId: document.id, format: 'jpeg', quality: 80 }),
    )
    expect([exported.fileName, exported.mimeType]).toEqual(['scan.jpg', 'image/jpeg'])
    expect((await decodeImage(exported.bytes)).source.format).toBe('jpeg')
  })

  it('answers document.notFound for an unknown or closed document', async () => {
    const document = await openImage('closing.png', await png(gradient(4, 4), 4, 4))
    const layerId = document.layers[0]!.id
    expect(errorOf(await dispatch(handlers, 'layers.tileGrid', { documentId: 'no-such-document', layerId })).code).toBe('document.notFound')
    expect(errorOf(await dispatch(handlers, 'layers.tileGrid', { documentId: document.id, layerId: 'no-such-layer' })).code).toBe(
      'project.layerNotFound',
    )
    valueOf(await dispatch(handlers, 'documents.close', { documentId: document.id }))
    expect(errorOf(await dispatch(handlers, 'documents.export', { documentId: document.id, format: 'png' })).code).toBe('document.notFound')
  })
})
