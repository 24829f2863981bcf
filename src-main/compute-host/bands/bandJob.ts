import type { WarpField } from '../../../src-shared/warp'
import type { Bounds, Placement } from '../../../src-shared/affinePlacement'
import type { LayerPlacement } from '../compositing/flattenBands'
import type { FillBandJob } from '../engines/contentAwareFill/fillBands'
import type { ResamplingMemory } from '../engines/warp/bicubic'

/** The work every band of a job shares, its pixels in shared memory: sent once per worker and job. */
export type BandJob =
  | { kind: 'warp'; memory: ResamplingMemory; field: WarpField; rowOpacity: Uint8Array }
  | { kind: 'flatten'; width: number; layers: LayerPlacement[]; slots: Uint8Array[]; out: Uint8Array }
  | { kind: 'affine'; placement: Placement; source: Uint8Array; bounds: Bounds; out: Uint8Array }
  | FillBandJob

/** A job for thread `thread` of the pool (the slot it reads, where a job has one per thread), then its bands. */
export type ToBandWorker = { kind: 'job'; job: BandJob; thread: number } | { kind: 'band'; top: number; bottom: number }
