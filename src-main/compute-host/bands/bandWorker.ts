/**
 * A worker thread of the band pool (bandPool.ts): runs the bands of rows it is sent of the job it was last given,
 * reading and writing shared memory. Bundled as its own entry (bands.js) beside the compute host.
 */
import { parentPort } from 'node:worker_threads'
import { affineRows } from '../compositing/affineRows'
import { slotLayers } from '../compositing/flattenBands'
import { flattenRows } from '../compositing/flattenRows'
import { fillBand } from '../engines/contentAwareFill/fillBands'
import { bicubicResampler } from '../engines/warp/bicubic'
import type { BandJob, ToBandWorker } from './bandJob'

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
