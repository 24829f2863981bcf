import { randomUUID } from 'node:crypto'
import type { TaskInput, TaskOutput } from '../compute/ComputeHost'
import type { Edit, ProjectStore, VersionId } from '../documents/project'
import { fromTransfer } from '../jobs/tiledTransfer'
import { grownCanvas, recordedParams, type Finished } from './generationPlan'

export type PastedResult = TaskOutput<'project.pasteResult'>['tiled']

/**
 * What the compute host needs to paste a finished run at full resolution (`project.pasteResult`): masked edits patch
 * the layer inside the feathered mask, generation adds a layer holding the result at its rect, outpaint a fill layer.
 */
export function pasteRequest({ plan, result }: Finished, store: ProjectStore, versionId: VersionId): TaskInput<'project.pasteResult'> {
  const { region, mask, layerId, outpaint } = plan
  const request = { file: store.file, versionId, result: { width: result.width, height: result.height, rgba: result.rgba }, region }
  if (outpaint) return { ...request, newLayer: { width: outpaint.canvas.width, height: outpaint.canvas.height, fill: { alpha: mask!.alpha, bounds: mask!.bounds, feather: mask!.feather } } }
  if (mask && layerId) return { ...request, masked: { layerId, alpha: mask.alpha, feather: mask.feather } }
  return { ...request, newLayer: store.document() }
}

/** The pasted result as the one version's edit, recording everything a re-run needs. */
export function resultEdit({ plan, result, durationMs }: Finished, pasted: PastedResult, store: ProjectStore): Edit {
  const { request } = plan
  const pixels = fromTransfer(pasted)
  const name = plan.request.prompt.slice(0, 60)
  const layer = plan.outpaint
    ? { layerId: `outpaint-${randomUUID()}`, properties: { name: name || 'Outpaint' }, pixels }
    : plan.mask && plan.layerId
      ? { layerId: plan.layerId, pixels }
      : { layerId: `generated-${randomUUID()}`, properties: { name }, pixels }
  return {
    operation: plan.operation,
    prompt: request.prompt,
    negativePrompt: request.negativePrompt,
    seed: request.seed,
    modelPack: plan.pack.manifest.id,
    engine: `${plan.pack.manifest.family} ${plan.pack.manifest.variant}`,
    maskRef: plan.mask?.maskRef,
    params: recordedParams(plan, result),
    durationMs: Math.round(durationMs),
    canvas: plan.outpaint && grownCanvas(store.document(), plan.outpaint),
    layers: [layer],
  }
}
