/**
 * A worker thread of the full-size warp: resamples the bands of rows it is sent, reading the shared source and
 * writing the shared output (see bandPool.ts). Bundled as its own entry (warp-bands.js) beside the compute host.
 */
import { parentPort } from 'node:worker_threads'
import type { WarpField } from '../../../../src-shared/warp'
import { resampleRows } from './bicubic'

/** The job every band of a warp shares: sent once per worker and warp. */
export interface BandJob {
  source: SharedArrayBuffer
  out: SharedArrayBuffer
  width: number
  height: number
  field: WarpField
  opaque: boolean
}

export type ToBandWorker = { kind: 'job'; job: BandJob } | { kind: 'band'; top: number; bottom: number }

let job: { source: Uint32Array; out: Uint32Array; width: number; height: number; field: WarpField; opaque: boolean } | undefined

parentPort!.on('message', (message: ToBandWorker) => {
  if (message.kind === 'job') {
    const { source, out, ...rest } = message.job
    job = { ...rest, source: new Uint32Array(source), out: new Uint32Array(out) }
    return
  }
  const { source, out, width, height, field, opaque } = job!
  resampleRows(source, width, height, field, out, message.top, message.bottom, opaque)
  parentPort!.postMessage(message.bottom - message.top)
})
