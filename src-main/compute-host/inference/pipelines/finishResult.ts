import type { PackGraphs } from './packGraphs'
import type { PipelineRequest, PipelineResult } from './request'
import { safetyFlag } from './safetyChecker'

/** Every result passes the pack's safety checker, when it has one, and carries the model's own time. */
export async function finishResult(
  graphs: PackGraphs,
  rgba: Uint8Array,
  request: PipelineRequest,
  latent: Float32Array,
  latentDims: number[],
  stepsRun: number,
): Promise<PipelineResult> {
  const flagged = await safetyFlag(graphs, rgba, request.width, request.height)
  return { rgba, width: request.width, height: request.height, latent, latentDims, flagged, stepsRun, modelMs: graphs.modelMs, provider: graphs.provider }
}
