import { z } from 'zod'
import { GenerationMask } from './generation'

export const removalMethods = {
  /**
   * Removes what the mask covers from a layer and rebuilds it from its surroundings, as a job: with content-aware
   * fill (no model needed) or an installed LaMa / MI-GAN pack. One version, operation 'remove', announced as version.committed (kind 'remove', details: engine, and
   * fallback when a learned engine fell back to sampling).
   */
  'removal.remove': {
    input: z.object({
      documentId: z.string(),
      layerId: z.string(),
      mask: GenerationMask,
      /** 'content-aware', or the id of an installed LaMa or MI-GAN pack. */
      engine: z.string().default('content-aware'),
      /** Grow the mask by this many pixels first, to take an object's halo and shadow edge with it. */
      grow: z.number().int().min(0).max(256).default(4),
      seed: z.number().int().min(0).max(0xffffffff).default(1),
    }),
    output: z.object({ jobId: z.string() }),
  },
} as const
