/**
 * A worker thread of the band pool (bandPool.ts): runs the bands of rows it is sent of the job it was last given,
 * reading and writing shared memory. Bundled as its own entry (bands.js) beside the compute host.
 */
import { parentPort } from 'node:worker_threads'
import type { WarpField } from '../../../src-shared/warp'
import { affineRows, type Bounds, type Placement } from '../compositing/affineRows'
import { slotLayers, type LayerPlacement } from '../compositing/flattenBands'
import { flattenRows } from '../compositing/flattenRows'
import { fillBand, type FillBandJob } from '../engines/contentAwareFill/fillBands'
import { bicubicResampler, type ResamplingMemory } from '../engines/warp/bicubic'

/** The work every band of a job shares, its pixels in shared memory: sent once per worker and job. */
export type BandJob =
  | { kind: 'warp'; memory: ResamplingMemory; field: WarpField; rowOpacity: Uint8Array }
  | { kind: 'flatten'; width: number; layers: LayerPlacement[]; slots: Uint8Array[]; out: Uint8Array }
  | { kind: 'affine'; placement: Placement; source: Uint8Array; bounds: Bounds; out: Uint8Array }
  | FillBandJob

/** A job for thread `thread` of the pool (the slot it reads, where a job has one per thread), then its bands. */
export type ToBandWorker = { kind: 'job'; job: BandJob; thread: number } | { kind: 'band'; top: number; bottom: number }

/** Runs rows [top, bottom) of `job`; the views are made once per job, not per band. */
function bandRunner(job: BandJob, thread: number): (top: number, bottom: number) => void {
  switch (job.kind) {
    case 'warp':
      return bicubicResampler(job.memory, job.field, job.rowOpacity, thread)
    case 'flatten':
      return (top, bottom) => flattenRows(job.out, job.width, slotLayers(job.layers, job.slots[thread]!, top, bottom), top, bottom)
    case 'affine': {
      const source = new Uint32Array(job.source.buffer, job.source.byteOffset, job.source.byteLength / 4)
      const out = new Uint32Array(job.out.buffer, job.out.byteOffset, job.out.byteLength / 4)
      return (top, bottom) => affineRows(job.placement, source, job.bounds, out, top, bottom)
    }
    case 'fillSearch':
    case 'fillVote':
    case 'fillTexture':
      return fillBand(job)
  }
}

let runBand: ((top: number, bottom: number) => void) | undefined

parentPort!.on('message', (message: ToBandWorker) => {
  if (message.kind === 'job') {
    runBand = bandRunner(message.job, message.thread)
    return
  }
  runBand!(message.top, message.bottom)
  parentPort!.postMessage(message.bottom - message.top)
})
