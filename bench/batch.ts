import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createApi } from '../src-main/api'
import { join } from 'node:path'
import { BatchRunner } from '../src-main/batch/BatchRunner'
import { openBatch } from '../src-main/batch/openBatch'
import { ComputeHost } from '../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../src-main/compute/forkComputeProcess'
import type { Recipe, RecipeOutput } from '../src-shared/contract'
import { startApi } from '../tests/fixtures/apiHarness'
import { kodakPath } from '../tests/fixtures/evalSet'
import { round } from './measure'

const THROUGHPUT_PHOTOS = 24
const MEMORY_PHOTOS = 100
const outputs: RecipeOutput[] = [
  { width: 800, height: 800, format: 'jpeg', quality: 90, fit: 'pad', background: '#ffffff', naming: '{name}_{width}x{height}.{ext}', colour: 'srgb' },
  { width: 1500, height: 1500, format: 'jpeg', quality: 90, fit: 'pad', background: '#ffffff', naming: '{name}_{width}x{height}.{ext}', colour: 'srgb' },
]
const startCompute = () => ({ compute: new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx'])), owned: true })

/** A process's resident memory in bytes, from /proc (Linux); 0 where it cannot be read. */
function rssOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb ? Number(kb) * 1024 : 0
  } catch {
    return 0
  }
}

/** The recipe of the done-when history: content-aware remove in a fixed corner, pad to square, two sizes. */
async function cornerRecipe(api: ReturnType<typeof startApi>): Promise<Recipe> {
  const { document } = await api.call('documents.openImage', { name: 'kodim01.png', bytes: readFileSync(kodakPath(1)) })
  const rect = { x: 668, y: 12, width: 88, height: 40 }
  const { jobId } = await api.call('removal.remove', { documentId: document.id, layerId: 'background', mask: { rect, alpha: new Uint8Array(rect.width * rect.height).fill(255) }, engine: 'content-aware', grow: 4, seed: 7 })
  await api.finished(jobId)
  await api.call('documents.resizeCanvas', { documentId: document.id, rect: { x: 0, y: -128, width: 768, height: 768 } })
  return (await api.call('batch.recipeFromHistory', { documentId: document.id, name: 'corner, square', outputs })).recipe
}

/** Runs the recipe over `photos`; photos per minute, and the peak RSS of this process and its compute hosts after `marks` photos. */
async function runBatch(recipe: Recipe, photos: string[], outDir: string, workers: number, modelsDir: string, marks: number[] = []) {
  const { store, stateDir } = openBatch({ recipe, inputs: photos, outDir, workers })
  let finished = 0
  let peak = 0
  const peaks: Record<number, number> = {}
  const runner: BatchRunner = new BatchRunner(store, {
    workers,
    startCompute,
    createApi,
    modelsDir,
    stateDir,
    onItem: (item) => {
      if (item.status === 'running') return
      finished++
      sample()
      if (marks.includes(finished)) peaks[finished] = peak
    },
  })
  const sample = () => (peak = Math.max(peak, process.memoryUsage.rss() + runner.computePids().reduce((sum, pid) => sum + rssOf(pid), 0)))
  const sampler = setInterval(sample, 100)
  const started = performance.now()
  const info = await runner.run()
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  store.close()
  if (info.counts.done !== photos.length) throw new Error(`the bench batch did ${info.counts.done} of ${photos.length} photos`)
  return { photosPerMinute: round((photos.length / seconds) * 60, 1), seconds: round(seconds, 1), peaks }
}

/**
 * The batch engine on the done-when recipe, over copies of the 12 Kodak photos taken cyclically: photos per minute with
 * one worker (the baseline) and two, and the peak memory after 20 and 100 photos, which must stay flat.
 */
export async function benchBatch() {
  const api = startApi('bench-batch-')
  try {
    const recipe = await cornerRecipe(api)
    const photosDir = join(api.dataDir, 'photos')
    mkdirSync(photosDir)
    const photos = Array.from({ length: MEMORY_PHOTOS }, (_, i) => {
      const path = join(photosDir, `photo-${String(i).padStart(3, '0')}.png`)
      copyFileSync(kodakPath((i % 12) + 1), path)
      return path
    })
    const sample = photos.slice(0, THROUGHPUT_PHOTOS)
    const one = await runBatch(recipe, sample, join(api.dataDir, 'out-1'), 1, api.modelsDir)
    const two = await runBatch(recipe, sample, join(api.dataDir, 'out-2'), 2, api.modelsDir)
    rmSync(join(api.dataDir, 'out-1'), { recursive: true, force: true })
    const marks = [20, 40, 60, 80, MEMORY_PHOTOS]
    const memory = await runBatch(recipe, photos, join(api.dataDir, 'out-memory'), 2, api.modelsDir, marks)
    const mb = (bytes: number) => round(bytes / 2 ** 20, 1)
    return {
      recipe: 'content-aware remove in a corner, pad to square, 800² and 1500² JPEG q90 (Kodak 768×512)',
      throughput: {
        photos: THROUGHPUT_PHOTOS,
        oneWorker: { photosPerMinute: one.photosPerMinute, seconds: one.seconds },
        twoWorkers: { photosPerMinute: two.photosPerMinute, seconds: two.seconds },
        baseline: 'one worker, same photos, same run',
        ratio: round(two.photosPerMinute / one.photosPerMinute),
      },
      memory: {
        workers: 2,
        what: 'peak RSS of the batch process plus its compute hosts, sampled every 100 ms',
        after20MB: mb(memory.peaks[20]!),
        after100MB: mb(memory.peaks[MEMORY_PHOTOS]!),
        ratio: round(memory.peaks[MEMORY_PHOTOS]! / memory.peaks[20]!),
        /** Every 20 photos: a leak climbs all the way, warm-up (caches, the heap finding its size) levels off. */
        peaksMB: Object.fromEntries(marks.map((mark) => [mark, mb(memory.peaks[mark]!)])),
        photosPerMinute: memory.photosPerMinute,
      },
    }
  } finally {
    api.close()
  }
}
