import { AppError } from '../../src-shared/contract'
import type { Task } from './taskContext'
import { contentAwareFill, type FillRequest, type FillResult } from './engines/contentAwareFill/contentAwareFill'
import { inpaintWithPack, type InpainterRequest } from './engines/inpainters'
import { generateImage, type PipelineRequest, type PipelineResult } from './inference/pipelines'
import { inferenceTasks } from './inference/inferenceTasks'
import { fillToTiles } from './project/fillToTiles'
import { pasteResult } from './project/pasteResult'
import { projectTasks } from './project/projectTasks'

/**
 * Everything the compute host can run: the table main's ComputeHost is typed by. Tests add their own
 * diagnostics (slow steps, a crash) in a host entry of their own (tests/fixtures/computeHostWithDiagnostics.ts).
 */
export const tasks = {
  /** ONNX Runtime: pack checks and graph runs (inference/). */
  ...inferenceTasks,
  /**
   * Whole-layer work that reads the project's tiles itself (project/): merge, flatten, export, the PSD, thumbnails,
   * crop, the free transform, Apply mask, drag to deform, select subject and click to segment.
   */
  ...projectTasks,
  /** Fills a hole with an installed LaMa or MI-GAN pack (issue 7). */
  'engines.inpaintPack': inpaintWithPack as Task<InpainterRequest, { rgba: Uint8Array }>,
  /** Returns its bytes unchanged: the channel's round-trip cost (bench). */
  'diagnostics.echo': (async ({ bytes }) => ({ bytes })) as Task<{ bytes: Uint8Array }, { bytes: Uint8Array }>,
  /** Text-to-image, image-to-image and inpainting with a Z-Image or Stable Diffusion pack (issue 6). */
  'pipelines.generate': ((request, context) => generateImage(context.packs, request, context)) as Task<PipelineRequest, PipelineResult>,
  /** A generation's result pasted into its layer (or a new one) at full size, as tiles (project/pasteResult.ts). */
  'project.pasteResult': pasteResult,
  /** Object removal read from and cut back into the project's tiles (project/fillToTiles.ts). */
  'project.fillToTiles': fillToTiles,
  /** Removes what the mask covers, rebuilding it from patches of the rest of the layer (issue 7). */
  'engines.contentAwareFill': contentAwareFill as Task<FillRequest, FillResult>,
} satisfies TaskTable

/** A table of tasks, as a host runs them; `tasks` is the app's. */
export type TaskTable = Record<string, Task<never, unknown>>
export type TaskName<Table extends TaskTable = typeof tasks> = keyof Table & string
export type TaskInput<T extends TaskName<Table>, Table extends TaskTable = typeof tasks> = Parameters<Table[T]>[0]
export type TaskOutput<T extends TaskName<Table>, Table extends TaskTable = typeof tasks> = Awaited<ReturnType<Table[T]>>

export function unknownTask(name: string): AppError {
  return new AppError('compute.failed', `The compute host has no task named ${name}.`)
}
