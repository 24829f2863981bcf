import { AppError } from '../../src-shared/contract'
import { contentAwareFill, type FillRequest, type FillResult } from './engines/contentAwareFill/contentAwareFill'
import { affineTransform, type AffineRequest, type AffineResult } from './compositing/affine'
import { transformedBounds } from '../../src-shared/affinePlacement'
import { flatten, type FlattenLayer } from './compositing/flatten'
import { inpaintWithPack, type InpainterRequest } from './engines/inpainters'
import { warp, type WarpRequest, type WarpResult } from './engines/warp/warp'
import { generateImage, type PipelineRequest, type PipelineResult } from './inference/pipelines'
import { inferenceTasks, packs } from './inference/tasks'
import { layeredPsd, type PsdRequest } from './psd/layeredPsd'
import { promptSegment, type PromptRequest, type PromptResult } from './segmentation/promptSegment'
import { selectSubject, type SubjectRequest, type SubjectResult } from './segmentation/selectSubject'

export interface TaskContext {
  progress(fraction: number, message?: string): void
  /**
   * Call between steps: yields to the event loop so a cancel message can arrive (a step blocks the thread),
   * then throws compute.cancelled if main asked this job to stop.
   */
  checkpoint(): Promise<void>
}

type Task<I, O> = (input: I, context: TaskContext) => Promise<O>

/**
 * Everything the compute host can run. Diagnostics measure the channel (bench) and prove progress, cancel
 * and crash recovery end to end; the pixel engines and pipelines join this table as they are built.
 */
export const tasks = {
  /** ONNX Runtime: pack checks and graph runs (inference/). */
  ...inferenceTasks,
  /** Layers composited into one image with their blend modes and opacity: export, merge down, flatten. */
  'imaging.flatten': (async ({ width, height, layers }, context) => ({ rgba: await flatten(width, height, layers, rowsProgress(context, height)) })) as Task<
    { width: number; height: number; layers: FlattenLayer[] },
    { rgba: Uint8Array }
  >,
  /** A layer scaled, rotated or sheared at full resolution: the free transform's commit. */
  'imaging.affine': (async (request, context) => affineTransform(request, rowsProgress(context, transformedBounds(request).height))) as Task<
    AffineRequest,
    AffineResult
  >,
  /** Every layer as a layered Photoshop file, with the flattened picture as its composite. */
  'imaging.psd': (async (request) => layeredPsd(request)) as Task<PsdRequest, { bytes: Uint8Array; psb: boolean }>,
  /** Fills a hole with an installed LaMa or MI-GAN pack (issue 7). */
  'engines.inpaintPack': inpaintWithPack as Task<InpainterRequest, { rgba: Uint8Array }>,
  /** Returns its bytes unchanged: the channel's round-trip cost. */
  'diagnostics.echo': (async ({ bytes }) => ({ bytes })) as Task<{ bytes: Uint8Array }, { bytes: Uint8Array }>,
  /** Works for `steps` steps of `stepMs` each, reporting progress and honouring cancel between steps. */
  'diagnostics.steps': (async ({ steps, stepMs }, context) => {
    for (let step = 0; step < steps; step++) {
      await context.checkpoint()
      const until = Date.now() + stepMs
      while (Date.now() < until) {
        // Busy on purpose: a model step blocks this thread the same way.
      }
      context.progress((step + 1) / steps, `step ${step + 1}/${steps}`)
    }
    return { steps }
  }) as Task<{ steps: number; stepMs: number }, { steps: number }>,
  /** Exits the process: lets tests and the crash-recovery path see a real dead compute host. */
  'diagnostics.crash': (async () => {
    process.exit(70)
  }) as Task<Record<string, never>, never>,
  /** Text-to-image, image-to-image and inpainting with a Z-Image or Stable Diffusion pack (issue 6). */
  'pipelines.generate': ((request, context) => generateImage(packs, request, context)) as Task<PipelineRequest, PipelineResult>,
  /** Removes what the mask covers, rebuilding it from patches of the rest of the layer (issue 7). */
  'engines.contentAwareFill': contentAwareFill as Task<FillRequest, FillResult>,
  /** Drag to deform: moving-least-squares warp of a layer at full size, uncovered ground filled (issue 8). */
  'engines.warp': warp as Task<WarpRequest, WarpResult>,
  /** Select subject: a salient-object pack's alpha, refined to full resolution with the guided filter (issue 16). */
  'segmentation.subject': selectSubject as Task<SubjectRequest, SubjectResult>,
  /** Click to segment with a SAM pack: the encoder once per image (cached here), the decoder per prompt (issue 16). */
  'segmentation.prompt': promptSegment as Task<PromptRequest, PromptResult>,
} satisfies Record<string, Task<never, unknown>>

/** Between a band pool's bands: the share of `rows` done as progress, then the job's checkpoint (cancel). */
function rowsProgress(context: TaskContext, rows: number): (rowsDone: number) => Promise<void> {
  return async (rowsDone) => {
    context.progress(rowsDone / rows)
    await context.checkpoint()
  }
}

export type TaskName = keyof typeof tasks
export type TaskInput<T extends TaskName> = Parameters<(typeof tasks)[T]>[0]
export type TaskOutput<T extends TaskName> = Awaited<ReturnType<(typeof tasks)[T]>>

export function isTaskName(name: string): name is TaskName {
  return Object.hasOwn(tasks, name)
}

export function unknownTask(name: string): AppError {
  return new AppError('compute.failed', `The compute host has no task named ${name}.`)
}
