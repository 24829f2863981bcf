import { z } from 'zod'
import { Bytes } from './documents'
import { AppErrorShape } from './errors'

export const JobState = z.enum(['queued', 'running', 'done', 'failed', 'cancelled'])
export type JobState = z.infer<typeof JobState>

export const JobInfo = z.object({
  id: z.string(),
  /** What the job does, e.g. 'edit' or 'removeObject': the UI translates it. */
  kind: z.string(),
  /** The user's words for it, e.g. the prompt. */
  label: z.string(),
  state: JobState,
  fraction: z.number().min(0).max(1),
  step: z.number().int().nonnegative().optional(),
  steps: z.number().int().positive().optional(),
  message: z.string().optional(),
  error: AppErrorShape.optional(),
  queuedAt: z.number(),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
})
export type JobInfo = z.infer<typeof JobInfo>

export const jobMethods = {
  'jobs.list': { input: z.object({}), output: z.object({ jobs: z.array(JobInfo) }) },
  /** Soft cancel stops at the next step boundary; hard cancel restarts the compute host at once. */
  'jobs.cancel': { input: z.object({ jobId: z.string(), hard: z.boolean().default(false) }), output: z.object({}) },
} as const

export const jobEvents = {
  /** The whole list after any job changes state: small, and the UI never has to merge. */
  'jobs.changed': z.object({ jobs: z.array(JobInfo) }),
  'jobs.progress': z.object({
    jobId: z.string(),
    fraction: z.number().min(0).max(1),
    step: z.number().int().nonnegative().optional(),
    steps: z.number().int().positive().optional(),
    message: z.string().optional(),
    /** An encoded preview image (e.g. a decoded latent), when the pipeline offers one. */
    preview: Bytes.optional(),
  }),
  /**
   * Any job committed a version (or a staged candidate was accepted): the document's head moved, and in these layers
   * only these tiles (indices in the new grid) changed, so a view refetches them alone. The one event of every kind:
   * `kind` names it as jobs.changed does ('remove', 'warp', 'edit'…), `details` says what a view tells of the result
   * (a removal's sampling fallback, a warp's folded cells).
   */
  'version.committed': z.object({
    jobId: z.string(),
    kind: z.string(),
    documentId: z.string(),
    versionId: z.number().int().positive(),
    changedTiles: z.array(z.object({ layerId: z.string(), tiles: z.array(z.number().int().nonnegative()) })),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
} as const
