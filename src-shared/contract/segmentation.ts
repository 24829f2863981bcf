import { z } from 'zod'
import { Bytes, Rect } from './documents'

/**
 * A soft selection from a segmenter: one byte a pixel (255 = selected) over `rect`, in document coordinates.
 * Selections live in the renderer (a coverage map the size of the document); it places these bytes into one.
 */
export const SegmentationMask = z
  .object({ rect: Rect, alpha: Bytes })
  .refine((m) => m.alpha.byteLength === m.rect.width * m.rect.height, { message: 'alpha must hold rect.width × rect.height bytes' })
export type SegmentationMask = z.infer<typeof SegmentationMask>

/** What to segment: a layer by id, or 'visible', the visible raster layers composited as the canvas shows them. */
const Source = z.object({
  documentId: z.string(),
  layerId: z.string().default('visible'),
  /** An installed pack of the right family; the first installed one when absent. */
  packId: z.string().optional(),
})

/** A click in document coordinates: positive adds what is under it, negative (Alt-click) takes it away. */
export const SegmentPoint = z.object({ x: z.number(), y: z.number(), positive: z.boolean().default(true) })

export const segmentationMethods = {
  /**
   * Select › Subject, as a job with progress and cancel: the salient-object pack finds the subject and its alpha
   * is refined to full resolution along the photo's edges. Answers when the job ends.
   */
  'segmentation.subject': {
    input: Source,
    output: z.object({ jobId: z.string(), packId: z.string(), mask: SegmentationMask, modelMs: z.number(), refineMs: z.number() }),
  },
  /**
   * Select › Object with a SAM-family pack: every click so far and an optional box. The image encoder runs once
   * per image content (cached in the compute host); each call after that runs only the prompt decoder.
   * `useLastMask` feeds the previous call's low-resolution mask back (SAM's mask_input), refining it.
   */
  'segmentation.point': {
    input: Source.extend({
      points: z.array(SegmentPoint).max(64).default([]),
      box: Rect.optional(),
      useLastMask: z.boolean().default(false),
    }),
    output: z.object({
      jobId: z.string(),
      packId: z.string(),
      mask: SegmentationMask,
      /** The compute host's encoder runs so far: unchanged by a click on an image it has already encoded. */
      encoderRuns: z.number().int(),
      decoderMs: z.number(),
    }),
  },
} as const
