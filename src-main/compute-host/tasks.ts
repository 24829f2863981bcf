import { AppError } from '../../src-shared/contract'
import type { Task, TaskContext } from './taskContext'
import { generateImage, type PipelineRequest, type PipelineResult } from './inference/pipelines'
import { inferenceTasks } from './inference/inferenceTasks'
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
   * crop, the free transform, Apply mask, drag to deform, object removal, a generation's paste, select subject and
   * click to segment.
   */
  ...projectTasks,
  /** Returns its bytes unchanged: the channel's round-trip cost (bench). */
  'diagnostics.echo': (async ({ bytes }) => ({ bytes })) as Task<{ bytes: Uint8Array }, { bytes: Uint8Array }>,
  /** Text-to-image, image-to-image and inpainting with a Z-Image or Stable Diffusion pack (issue 6). */
  'pipelines.generate': ((request, context) => generateImage(context.packs, request, context)) as Task<PipelineRequest, PipelineResult>,
} satisfies TaskTable

/** A table of tasks, as a host runs them; `tasks` is the app's. */
export type TaskTable = Record<string, Task<never, unknown>>
export type TaskName<Table extends TaskTable = typeof tasks> = keyof Table & string
export type TaskInput<T extends TaskName<Table>, Table extends TaskTable = typeof tasks> = Parameters<Table[T]>[0]
export type TaskOutput<T extends TaskName<Table>, Table extends TaskTable = typeof tasks> = Awaited<ReturnType<Table[T]>>
/** What a task sends ahead of its output (TaskContext.send); never for most. */
export type TaskPart<T extends TaskName<Table>, Table extends TaskTable = typeof tasks> = Parameters<Table[T]>[1] extends TaskContext<infer Part> ? Part : never

export function unknownTask(name: string): AppError {
  return new AppError('compute.failed', `The compute host has no task named ${name}.`)
}
