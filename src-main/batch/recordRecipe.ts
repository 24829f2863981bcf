import { AppError, RECIPE_FORMAT, type Recipe, type RecipeOutput, type RecipeStep, type Rect } from '../../src-shared/contract'
import type { ProjectStore, VersionRecord } from '../documents/project'
import { restoreMask, type RecordedMask } from '../generation/recordedMask'
import { tightMask, toRelativeMask, toRelativeRect } from './relativeGeometry'

/** Steps that change nothing a batch exports: mask strokes only feed the next edit, which records its own mask. */
const noOutputEffect = new Set(['mask', 'maskEraser'])

/** Why a recorded operation has no recipe form yet: the user reads it in the refusal. */
const unrecordable: Record<string, string> = {
  brush: 'a brush stroke is painted pixels at one place on one photo',
  eraser: 'an eraser stroke is painted pixels at one place on one photo',
  fill: 'a fill is painted pixels at one place on one photo',
  warp: 'drag-to-deform handles are placed on one photo’s content',
  'layer.transform': 'a free transform has no relative form yet',
  outpaint: 'outpaint has no recipe form yet',
  generate: 'generate has no recipe form yet',
}

/**
 * The recipe of a run of the history: the versions after `from` (the original when absent) up to `to` (the head),
 * on the path between them. Positions and masks become fractions of the canvas each step saw.
 */
export async function recordRecipe(store: ProjectStore, name: string, outputs: RecipeOutput[], from?: number, to?: number): Promise<Recipe> {
  const steps: RecipeStep[] = []
  for (const version of versionsBetween(store, from, to ?? store.head)) {
    if (noOutputEffect.has(version.operation)) continue
    const step = await recipeStep(store, version)
    if (!step) {
      const why = unrecordable[version.operation] ?? 'it has no recipe form'
      throw new AppError('batch.stepNotRecordable', `Version ${version.id} (${version.operation}) cannot go into a recipe: ${why}.`, { versionId: version.id, operation: version.operation })
    }
    steps.push(step)
  }
  return { format: RECIPE_FORMAT, version: 1, name, steps, outputs }
}

/** Oldest first: the path from `to` back to (not including) `from`, or to the version that opened the photo. */
function versionsBetween(store: ProjectStore, from: number | undefined, to: number): VersionRecord[] {
  const path: VersionRecord[] = []
  let version = store.version(to)
  while (version.id !== from && version.parentId !== null) {
    path.unshift(version)
    version = store.version(version.parentId)
  }
  if (from !== undefined && version.id !== from) {
    throw new AppError('project.versionNotFound', `Version ${from} is not an earlier version of ${to} on its path.`, { versionId: from })
  }
  return path
}

async function recipeStep(store: ProjectStore, version: VersionRecord): Promise<RecipeStep | undefined> {
  const parent = version.parentId!
  const canvas = store.document(parent)
  const stack = store.layers(parent)
  const index = (layerId: unknown) => {
    const found = stack.findIndex((layer) => layer.id === layerId)
    if (found < 0) throw new AppError('batch.stepNotRecordable', `Version ${version.id} (${version.operation}) names a layer its parent lacks.`, { versionId: version.id, operation: version.operation })
    return found
  }
  const params = version.params as Record<string, any>
  // Masks are in the layer's pixels: in the document's, then relative to it, so a moved layer replays where it showed.
  const inDocument = (rect: Rect, layerId: string) => {
    const layer = stack[index(layerId)]!
    return { ...rect, x: rect.x + layer.offsetX, y: rect.y + layer.offsetY }
  }
  switch (version.operation) {
    case 'remove': {
      // The removal records the mask's bounds, not its alpha: the layer it changed is the one compare names.
      const layerId = store.compare(parent, version.id).changed[0]?.layerId ?? stack[0]!.id
      const rect = inDocument(params.maskBounds as Rect, layerId)
      return { op: 'remove', layer: index(layerId), mask: { rect: toRelativeRect(rect, canvas) }, engine: params.engine, grow: params.grow, seed: version.seed ?? 1 }
    }
    case 'edit':
    case 'inpaint': {
      const restored = tightMask(await restoreMask(params.mask as RecordedMask))!
      const mask = await toRelativeMask({ ...restored, rect: inDocument(restored.rect, params.layerId) }, canvas)
      return {
        op: version.operation,
        layer: index(params.layerId),
        mask,
        prompt: version.prompt ?? '',
        negativePrompt: version.negativePrompt ?? '',
        family: params.family,
        packId: version.modelPack,
        steps: params.steps,
        guidance: params.guidance,
        ...(params.scheduler ? { scheduler: params.scheduler } : {}),
        strength: params.strength ?? 1,
        feather: params.feather,
        seed: { policy: 'fixed', seed: version.seed ?? 0 },
      }
    }
    case 'crop':
    case 'canvasSize':
      return canvasStep(params.rect as Rect, canvas)
    case 'layer.add':
      return params.image ? undefined : { op: 'layer.add', kind: params.kind, name: params.name, position: params.position }
    case 'layer.update': {
      const { offsetX, offsetY, ...changes } = params.changes as Record<string, unknown>
      if (offsetX !== undefined || offsetY !== undefined) return undefined
      return { op: 'layer.update', layer: index(params.layerId), changes }
    }
    case 'layer.duplicate':
    case 'layer.remove':
    case 'layer.mergeDown':
      return { op: version.operation, layer: index(params.layerId) }
    case 'layer.move':
      return { op: 'layer.move', layer: index(params.layerId), to: params.to }
    case 'layer.flatten':
      return { op: 'layer.flatten' }
  }
  return undefined
}

/**
 * Padding that grows one side only is recorded as padding to that aspect ratio, so a portrait photo becomes square
 * too (a fixed fraction would make it taller still); any other canvas change is recorded as fractions.
 */
function canvasStep(rect: Rect, from: { width: number; height: number }): RecipeStep {
  const pads = rect.x <= 0 && rect.y <= 0 && rect.x + rect.width >= from.width && rect.y + rect.height >= from.height
  const oneSide = rect.width === from.width || rect.height === from.height
  if (pads && oneSide) {
    const align = (offset: number, grown: number) => (grown === 0 ? 0.5 : -offset / grown)
    return { op: 'padToAspect', aspect: rect.width / rect.height, align: { x: align(rect.x, rect.width - from.width), y: align(rect.y, rect.height - from.height) } }
  }
  return { op: 'canvas', rect: toRelativeRect(rect, from) }
}
