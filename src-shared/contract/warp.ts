import { z } from 'zod'
import { warpModes } from '../warp/types'
import { Bytes, Rect, VersionId } from './documents'

/** A point in the layer's own pixels (sub-pixel positions allowed). */
export const WarpPoint = z.object({ x: z.number(), y: z.number() })

/** Where pixels may move: a mask over `rect` (one byte a pixel, ≥ 128 = editable), faded over `feather` pixels inside its edge. */
export const WarpRegion = z
  .object({ rect: Rect, mask: Bytes, feather: z.number().min(0).max(1024).default(32) })
  .refine((r) => r.mask.byteLength === r.rect.width * r.rect.height, { message: 'mask must hold rect.width × rect.height bytes' })

/** A drag as the drag tool records it: each handle moves to its target, pins stay put (Schaefer et al. 2006). */
const drag = {
  handles: z.array(WarpPoint).max(256),
  targets: z.array(WarpPoint).max(256),
  pins: z.array(WarpPoint).max(256).default([]),
  mode: z.enum(warpModes).default('rigid'),
  /** With no pins and no region, only content within this many pixels of a handle moves (src-shared/warp radiusRegion). */
  radius: z.number().positive().max(100_000).optional(),
}
const sameCount = (d: { handles: unknown[]; targets: unknown[] }) => d.handles.length === d.targets.length
const oneTargetPerHandle = { message: 'give one target per handle' }

export const warpMethods = {
  /**
   * Deforms a layer at full size as a job: moving least squares from handles to targets, folds limited, the
   * uncovered ground filled with content-aware fill unless `fill` is false. Commits one version ('warp')
   * whose parameters reopen the drag (warp.fromVersion). Announces version.committed (kind 'warp', details: limitFactor, foldedCells).
   */
  'warp.apply': {
    input: z
      .object({ documentId: z.string(), layerId: z.string(), ...drag, region: WarpRegion.optional(), fill: z.boolean().default(true) })
      .refine(sameCount, oneTargetPerHandle),
    output: z.object({ jobId: z.string() }),
  },
  /** The drag a 'warp' version applied, to reopen it in the drag tool. */
  'warp.fromVersion': {
    input: z.object({ documentId: z.string(), versionId: VersionId }),
    output: z.object({
      layerId: z.string(),
      ...drag,
      pins: z.array(WarpPoint),
      mode: z.enum(warpModes),
      region: z.object({ rect: Rect, mask: Bytes, feather: z.number() }).optional(),
      fill: z.boolean(),
      /** The fraction of the drag that was applied (1 unless it folded). */
      limitFactor: z.number(),
    }),
  },
} as const
