import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { BandJob, ToBandWorker } from './bandJob'
import { BAND_ROWS } from './sharedMemory'

/**
 * The compute host's worker threads, one per core, for work done a band of rows at a time (the warp, flattening,
 * the free transform): started on the first job and kept for the next (idle, they hold no memory of note and do
 * not keep the process alive). From source (tests, bench under tsx) a thread needs tsx's loader registered in it
 * before it can import TypeScript; built, it runs bands.js beside the compute host.
 */
let workers: Worker[] | undefined

function startWorker(): Worker {
  const here = import.meta.url
  const worker = here.endsWith('.ts')
    ? new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./bandWorker.ts', here).href)}) })`,
        { eval: true },
      )
    : new Worker(new URL('./bands.js', here))
  worker.unref()
  return worker
}

function pool(): Worker[] {
  workers ??= Array.from({ length: threadCount() }, startWorker)
  return workers
}

/**
 * Starts the built app's threads with the compute host, so its first fill or warp does not wait for them. From source
 * (tests) a thread spends seconds loading TypeScript, which every compute host a test starts would pay whether it used
 * the pool or not: there the pool starts with its first job.
 */
export function startBandPool(): void {
  if (!import.meta.url.endsWith('.ts')) pool()
}

/** How many threads the pool runs. */
export const threadCount = () => Math.max(1, Math.min(availableParallelism(), 8))

/** Below about a megapixel, the copies into shared memory and the messages cost more than the threads save. */
export const worthBands = (pixels: number) => pixels >= 1 << 20

/**
 * Runs rows [top, bottom) of `job` across the pool, a band at a time to whichever thread is free. After each
 * band `afterBand(rowsDone)` runs (progress, then the job's checkpoint): when it throws (a cancel) no more bands
 * are sent, the bands in flight finish, and the error is passed on. `prepareBand(from, to, thread)`, when given,
 * runs just before band [from, to) goes to thread `thread` (0 … threadCount() − 1), which is idle until then: it
 * fills the shared memory that thread reads its band from.
 *
 * The job settles only when every band sent has come back and its afterBand has settled, and once settled it
 * touches the threads no more: the next job, which the caller may start at once, owns their listeners.
 */
export function runInBands(
  job: BandJob,
  top: number,
  bottom: number,
  afterBand: (rowsDone: number) => Promise<void>,
  prepareBand?: (from: number, to: number, thread: number) => void,
): Promise<void> {
  const threads = pool()
  return new Promise((resolve, reject) => {
    let next = top
    let done = 0
    /** Bands sent whose afterBand has not settled yet. */
    let busy = 0
    let failure: unknown
    let settled = false
    const listeners = threads.map((worker, thread) => ({
      message: (rows: number) => {
        done += rows
        afterBand(done).then(
          () => bandSettled(worker, thread),
          (error: unknown) => {
            failure ??= error
            bandSettled(worker, thread)
          },
        )
      },
      error: (error: Error) => {
        // A thread that died leaves its band undone: the pool is started afresh for the next job.
        workers = undefined
        for (const other of threads) void other.terminate()
        failure ??= error
        finish()
      },
    }))
    const finish = () => {
      if (settled) return
      settled = true
      threads.forEach((worker, thread) => {
        worker.off('message', listeners[thread]!.message).off('error', listeners[thread]!.error)
        worker.unref()
      })
      if (failure === undefined) resolve()
      else reject(failure)
    }
    const bandSettled = (worker: Worker, thread: number) => {
      busy--
      send(worker, thread)
    }
    const send = (worker: Worker, thread: number) => {
      if (settled) return
      if (failure !== undefined || next >= bottom) {
        if (busy === 0) finish()
        return
      }
      const band: ToBandWorker = { kind: 'band', top: next, bottom: Math.min(next + BAND_ROWS, bottom) }
      next = band.bottom
      busy++
      prepareBand?.(band.top, band.bottom, thread)
      worker.postMessage(band)
    }
    threads.forEach((worker, thread) => {
      worker.ref()
      worker.postMessage({ kind: 'job', job, thread } satisfies ToBandWorker)
      worker.on('message', listeners[thread]!.message).on('error', listeners[thread]!.error)
    })
    threads.forEach(send)
  })
}
