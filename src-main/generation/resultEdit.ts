import { randomUUID } from 'node:crypto'
import type { Edit, ProjectStore } from '../documents/project'
import { featheredPaste, featherWeights } from './featheredPaste'
import { grownCanvas, recordedParams, type Finished, type Plan } from './generationPlan'
import { resizeRgba } from './resample'

/**
 * A result pasted back at full resolution onto the document as it is now, as the one version's edit, recording
 * everything a re-run needs: the same whether its job commits it at once or the user accepts it from the stage.
 */
export async function resultEdit({ plan, result, durationMs }: Finished, store: ProjectStore): Promise<Edit> {
  const rgba = await resizeRgba(result.rgba, result, plan.region)
  const { request } = plan
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
    layers: [layerEdit(plan, rgba, store)],
  }
}

/** Masked edits patch the layer's current pixels inside the mask; generation adds a layer holding the result at its rect. */
function layerEdit(plan: Plan, rgba: Buffer, store: ProjectStore): Edit['layers'][number] {
  const { region, mask, layerId } = plan
  if (plan.outpaint) {
    // The fill is a layer of its own, opaque in the new area and fading over the seam, so the photo's layer keeps every pixel.
    // Weighed over the whole crop (the seam's ramp needs the unmasked pixels beside it), kept only over the mask's bounds.
    const weights = featherWeights(mask!.alpha, region.width, mask!.feather)
    const { bounds } = mask!
    const fill = Buffer.alloc(bounds.width * bounds.height * 4)
    for (let y = 0; y < bounds.height; y++) {
      const from = (bounds.y - region.y + y) * region.width + bounds.x - region.x
      rgba.copy(fill, y * bounds.width * 4, from * 4, (from + bounds.width) * 4)
      for (let x = 0; x < bounds.width; x++) fill[(y * bounds.width + x) * 4 + 3] = Math.round(weights[from + x]! * 255)
    }
    return { layerId: `outpaint-${randomUUID()}`, properties: { name: plan.request.prompt.slice(0, 60) || 'Outpaint' }, pixels: { rect: bounds, rgba: fill } }
  }
  if (!mask || !layerId) return { layerId: `generated-${randomUUID()}`, properties: { name: plan.request.prompt.slice(0, 60) }, pixels: { rect: region, rgba } }
  const current = store.readRegion(store.head, layerId, region).rgba
  return { layerId, pixels: { rect: region, rgba: featheredPaste(current, rgba, mask.alpha, region.width, mask.feather) } }
}
