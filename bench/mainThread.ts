/**
 * Main's event loop while whole-document work runs (issue 15): the loop's delay (perf_hooks.monitorEventLoopDelay,
 * max and p99) during export, duplicate, merge down, canvas resize and flatten of a 6000×4000, 10-layer document,
 * beside the same monitor over an idle wait in the same run; the open of a 6000×4000 JPEG to first view and to fully
 * stored, beside sharp's decode of the same file; and duplicating a 24 MP layer. Targets: max delay < 50 ms for
 * each operation, first view < 2× the decode, duplicate < 50 ms. The API and compute host are the app's, wired as
 * web mode wires them.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import sharp from 'sharp'
import { createApi, dispatch } from '../src-main/api'
import { ComputeHost } from '../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../src-main/compute/forkComputeProcess'
import { ProjectStore } from '../src-main/documents/project'
import type { BlendMode, MethodInput, MethodName, MethodOutput } from '../src-shared/contract'
import { photoLikeRgba } from '../tests/fixtures/documents/pixels'
import { loopDelay, round } from './measure'

const WIDTH = 6000
const HEIGHT = 4000
const upperModes: BlendMode[] = ['multiply', 'screen', 'overlay', 'soft-light', 'normal', 'difference', 'hue', 'color', 'luminosity']

export async function benchMainThread(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-main-thread-'))
  const projectsDir = join(dataDir, 'projects')
  mkdirSync(projectsDir, { recursive: true })
  const compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  const api = createApi({ mode: 'web', version: 'bench', compute, folders: { projectsDir, userDataDir: dataDir } })
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const reply = await dispatch(api.handlers, method, input)
    if (!reply.ok) throw new Error(`${method} failed with ${reply.error.code}: ${reply.error.message}`)
    return reply.value as MethodOutput<M>
  }
  try {
    const path = join(projectsDir, 'ten-layers.zproj')
    writeTenLayers(path)
    const document = await call('documents.openProject', { path })
    const documentId = document.id
    const layers = () => call('documents.listOpen', {}).then((all) => all.find((d) => d.id === documentId)!.layers)
    // Start the compute host before measuring, as a running app has it.
    await call('documents.export', { documentId, format: 'jpeg', quality: 50 })

    const idle = await loopDelay(() => new Promise((resolve) => setTimeout(resolve, 1000)))
    const exportPng = await loopDelay(() => call('documents.export', { documentId, format: 'png' }))
    const top = (await layers()).at(-1)!.id
    const duplicate = await loopDelay(() => call('layers.duplicate', { documentId, layerId: top }))
    const merge = await loopDelay(async () => call('layers.mergeDown', { documentId, layerId: (await layers()).at(-1)!.id }))
    const resize = await loopDelay(() => call('documents.resizeCanvas', { documentId, rect: { x: 500, y: 250, width: 5000, height: 3500 } }))
    const flatten = await loopDelay(() => call('layers.flatten', { documentId }))

    return {
      document: `${WIDTH}x${HEIGHT}, 10 raster layers`,
      eventLoopDelay: { idle, exportPng, duplicate, mergeDown: merge, resizeCanvas: resize, flatten, targetMaxMs: 50 },
      duplicateLayer: { ...duplicateFigures(join(dataDir, 'one-layer.zproj')), callMs: duplicate.wallMs, targetMs: 50 },
      openJpeg: await openFigures(call),
    }
  } finally {
    compute.dispose()
    api.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** A 10-layer project written straight through the store (not measured): a photo and nine half-covering layers. */
function writeTenLayers(path: string): void {
  const store = ProjectStore.create(path, { name: 'ten-layers', width: WIDTH, height: HEIGHT, rgba: photoLikeRgba(WIDTH, HEIGHT, 1) })
  const overlays = [2, 3, 4].map((seed) => withClearHalf(photoLikeRgba(WIDTH, HEIGHT, seed), seed))
  upperModes.forEach((blendMode, i) => {
    store.commitEdit({
      operation: 'layer.add',
      layers: [{ layerId: `layer-${i + 2}`, properties: { name: `Layer ${i + 2}`, blendMode, opacity: 0.6 + (i % 4) * 0.1 }, pixels: { width: WIDTH, height: HEIGHT, rgba: overlays[i % 3]! } }],
    })
  })
  store.close()
}

/** The duplicate's commit on a 24 MP layer: sharing the tiles, beside copying the pixels as duplicate once did. */
function duplicateFigures(path: string) {
  const store = ProjectStore.create(path, { name: 'one', width: WIDTH, height: HEIGHT, rgba: photoLikeRgba(WIDTH, HEIGHT, 6) })
  const time = (work: () => unknown) => {
    const start = performance.now()
    work()
    return round(performance.now() - start)
  }
  const sharedMs = time(() => store.commitEdit({ operation: 'layer.duplicate', layers: [{ layerId: 'shared', pixels: store.tiledPixels(store.head, 'background') }] }))
  const copiedMs = time(() => store.commitEdit({ operation: 'layer.duplicate', layers: [{ layerId: 'copied', pixels: store.readLayer(store.head, 'background') }] }))
  store.close()
  return { sharedTilesCommitMs: sharedMs, baselineCopiedPixelsCommitMs: copiedMs, ratio: round(sharedMs / copiedMs) }
}

/** Clears alternate bands of rows, so each layer has opaque and transparent parts as cut-outs do. */
function withClearHalf(rgba: Buffer, seed: number): Buffer {
  const band = 200 + seed * 50
  for (let y = 0; y < HEIGHT; y++) if (Math.floor(y / band) % 2 === 1) rgba.fill(0, y * WIDTH * 4, (y + 1) * WIDTH * 4)
  return rgba
}

/** documents.openImage of a 6000×4000 JPEG: the reply (the first view) and the project fully stored. */
async function openFigures(call: <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>) {
  const jpeg = await sharp(photoLikeRgba(WIDTH, HEIGHT, 5), { raw: { width: WIDTH, height: HEIGHT, channels: 4 } }).jpeg({ quality: 90 }).toBuffer()
  const decodeStart = performance.now()
  await sharp(jpeg).ensureAlpha().raw().toBuffer()
  const decodeMs = round(performance.now() - decodeStart)
  let firstViewMs = 0
  let storedMs = 0
  const delay = await loopDelay(async () => {
    const start = performance.now()
    await call('documents.openImage', { name: 'photo.jpg', bytes: jpeg })
    firstViewMs = round(performance.now() - start)
    // The reply comes with the preview; listOpen waits until the tiles are stored and the project is open.
    await call('documents.listOpen', {})
    storedMs = round(performance.now() - start)
  })
  return {
    firstViewMs,
    fullyStoredMs: storedMs,
    eventLoopMaxMs: delay.maxMs,
    baselineSharpDecodeMs: decodeMs,
    firstViewRatio: round(firstViewMs / decodeMs),
    target: 'first view < 2× decode',
  }
}
