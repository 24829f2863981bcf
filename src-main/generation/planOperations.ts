import { MAX_IMAGE_PIXELS } from '../../src-shared/limits'
import { AppError } from '../../src-shared/contract'
import { intersect, type ProjectStore } from '../documents/project'
import { findLayer, requireUnlocked } from '../api/layerRules'
import type { ModelManager } from '../models/ModelManager'
import { requirePrompt, sampling, type GenerateInput, type MaskedInput, type OutpaintInput, type Unseeded } from './generationPlan'
import { installedPack } from './installedPack'
import { maskRegion } from './maskRegion'
import { outpaintRegion } from './outpaintRegion'
import { recordMask } from './recordedMask'
import { workingSize } from './workingSize'

/** A generation as the API asks for it: which operation, on what. */
export type GenerationRequest =
  | { operation: 'edit' | 'inpaint'; input: MaskedInput }
  /** With `refill` the canvas has already grown by `extend` (a re-run on the canvas its outpaint made). */
  | { operation: 'outpaint'; input: OutpaintInput; refill?: boolean }
  | { operation: 'generate'; input: GenerateInput }

/** Checks a request against the document and the installed packs and plans it, before anything is queued. */
export function planOperation(store: ProjectStore, request: GenerationRequest, models: ModelManager): Promise<Unseeded> {
  switch (request.operation) {
    case 'edit':
    case 'inpaint':
      return planMasked(store, request.operation, request.input, models)
    case 'outpaint':
      return planOutpaint(store, request.input, request.refill ?? false, models)
    case 'generate':
      return planGenerate(store, request.input, models)
  }
}

/** The model sees the mask's surroundings at its working size; the result is pasted back only inside the mask. */
async function planMasked(store: ProjectStore, operation: 'edit' | 'inpaint', input: MaskedInput, models: ModelManager): Promise<Unseeded> {
  if (operation === 'edit') requirePrompt(input.prompt)
  const layer = requireUnlocked(findLayer(store, input.layerId))
  const region = maskRegion(input.mask, layer)
  const pack = await installedPack(models, operation, input.family, input.packId)
  const { maskRef, recorded } = await recordMask({ rect: region.crop, alpha: region.alpha })
  return {
    operation,
    documentId: input.documentId,
    layerId: input.layerId,
    pack,
    request: sampling(input, pack, input.size ?? workingSize(region.crop, pack.manifest), input.strength),
    region: region.crop,
    shownAt: { ...region.crop, x: region.crop.x + layer.offsetX, y: region.crop.y + layer.offsetY },
    mask: { alpha: region.alpha, bounds: region.bounds, feather: input.feather, maskRef, recorded },
  }
}

/** Grows the canvas by `extend` and fills the new area, fading over a seam band of the old image (outpaintRegion). */
async function planOutpaint(store: ProjectStore, input: OutpaintInput, refill: boolean, models: ModelManager): Promise<Unseeded> {
  const layer = requireUnlocked(findLayer(store, input.layerId))
  const now = store.document()
  const grown = refill ? input.extend : { left: 0, top: 0, right: 0, bottom: 0 }
  const from = { width: now.width - grown.left - grown.right, height: now.height - grown.top - grown.bottom }
  const { canvas, crop, alpha, bounds } = outpaintRegion(from, input.extend, input.seam)
  if (canvas.width * canvas.height > MAX_IMAGE_PIXELS) {
    throw new AppError('image.tooManyPixels', `A ${canvas.width}×${canvas.height} canvas is larger than the editor handles.`, { width: canvas.width, height: canvas.height, limit: MAX_IMAGE_PIXELS })
  }
  const pack = await installedPack(models, 'outpaint', input.family, input.packId)
  // The layer's pixels nearest the crop, clamped into the layer: the edge repeats outward from them.
  const origin = { x: input.extend.left - grown.left + layer.offsetX, y: input.extend.top - grown.top + layer.offsetY }
  const clamp = (value: number, size: number) => Math.min(size - 1, Math.max(0, value))
  const [x0, y0] = [clamp(crop.x - origin.x, layer.width), clamp(crop.y - origin.y, layer.height)]
  const [x1, y1] = [clamp(crop.x + crop.width - 1 - origin.x, layer.width), clamp(crop.y + crop.height - 1 - origin.y, layer.height)]
  const near = { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 }
  const { maskRef, recorded } = await recordMask({ rect: crop, alpha })
  return {
    operation: 'outpaint',
    documentId: input.documentId,
    layerId: layer.id,
    pack,
    request: sampling(input, pack, input.size ?? workingSize(crop, pack.manifest), 1),
    region: crop,
    shownAt: { ...crop, x: crop.x + canvas.x + grown.left, y: crop.y + canvas.y + grown.top },
    mask: { alpha, bounds, feather: input.seam, maskRef, recorded },
    outpaint: { edge: { near, origin }, canvas, from, extend: input.extend },
  }
}

/** Draws the prompt into `rect` (else the whole canvas) as a new layer. */
async function planGenerate(store: ProjectStore, input: GenerateInput, models: ModelManager): Promise<Unseeded> {
  requirePrompt(input.prompt)
  const { width, height } = store.document()
  const canvas = { x: 0, y: 0, width, height }
  const region = input.rect ? intersect(input.rect, canvas) : canvas
  if (!region) throw new AppError('generation.maskOutsideLayer', 'The area to generate lies outside the canvas.')
  const pack = await installedPack(models, 'generate', input.family, input.packId)
  const request = sampling(input, pack, input.size ?? workingSize(region, pack.manifest), 1)
  return { operation: 'generate', documentId: input.documentId, pack, request, region, shownAt: region }
}
