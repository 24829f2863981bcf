import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { AppError, type LayerInfo, type methods } from '../../../src-shared/contract'
import type { SegmentationMask } from '../../../src-shared/contract/segmentation'
import { findLayer, requireUnlocked } from '../../api/layerRules'
import type { LayerEdit, ProjectStore } from '../../documents/project'
import { defineJobKind, taskSteps } from '../documentJob'
import { fromTransfer } from '../tiledTransfer'
import { layerTrims, trimmedLayers } from './canvas'

type RemoveBackgroundInput = Omit<z.output<(typeof methods)['layers.removeBackground']['input']>, 'documentId'>

/** Only raster layers carry layer masks. */
export function maskable(layer: LayerInfo): LayerInfo {
  if (layer.kind !== 'raster') throw new AppError('layer.notRaster', `“${layer.name}” is an AI mask layer: only raster layers carry layer masks.`, { layer: layer.name })
  return layer
}

export function requireMask(layer: LayerInfo): NonNullable<LayerInfo['mask']> {
  if (!layer.mask) throw new AppError('layer.noMask', `The layer “${layer.name}” has no layer mask.`, { layer: layer.name })
  return layer.mask
}

/**
 * Apply mask: the mask's alpha multiplied into the layer's, as the picture showed it with the mask on, and the mask
 * dropped. The compute host reads the layer and its mask and cuts the result into tiles.
 */
export const applyMask = defineJobKind({
  kind: 'applyMask',
  plan: (store: ProjectStore, { layerId }: { layerId: string }) => {
    const layer = requireUnlocked(maskable(findLayer(store, layerId)))
    requireMask(layer)
    return { label: layer.name, layerId }
  },
  run: ({ layerId }, context) => context.compute.run('project.applyMaskToTiles', { file: context.store.file, versionId: context.versionId, layerId }, taskSteps(context)),
  commit: ({ layerId }, { pixels }) => ({
    output: undefined,
    edit: { operation: 'layerMask.apply', params: { layerId }, layers: [{ layerId, pixels: fromTransfer(pixels), mask: null }] },
  }),
})

/** Add mask from a selection (document pixels, 255 selected): outside the selection hides. Made in the compute host. */
export const maskFromSelection = defineJobKind({
  kind: 'maskFromSelection',
  plan: (store: ProjectStore, { layerId, selection }: { layerId: string; selection: SegmentationMask }) => {
    const layer = requireUnlocked(maskable(findLayer(store, layerId)))
    return { label: layer.name, layer, selection }
  },
  run: ({ layer, selection }, context) => context.compute.run('project.selectionMask', { file: context.store.file, versionId: context.versionId, layer, selection }, taskSteps(context)),
  commit: ({ layer, selection }, { mask }) => ({
    output: undefined,
    edit: { operation: 'layerMask.add', params: { layerId: layer.id, rect: selection.rect }, layers: [{ layerId: layer.id, mask: { enabled: true, pixels: fromTransfer(mask) } }] },
  }),
})

/**
 * Remove background: the subject as the layer's mask, the canvas trimmed to it when asked (the other layers cropped
 * as Crop crops them) and a colour layer under it when asked: every pixel made in the compute host from the version.
 */
export const removeBackground = defineJobKind({
  kind: 'removeBackground',
  plan: (store: ProjectStore, input: RemoveBackgroundInput) => {
    const layer = requireUnlocked(maskable(findLayer(store, input.layerId)))
    if (!layer.visible) throw new AppError('layer.hidden', `The layer “${layer.name}” is hidden.`, { layer: layer.name })
    return { label: layer.name, input, layer, canvas: store.document(), position: store.layers().findIndex((l) => l.id === layer.id) }
  },
  run: async ({ input, layer, canvas }, context) => {
    const { mask: selection, trim, background } = input
    const request = { file: context.store.file, versionId: context.versionId, layer, selection, canvas, trim: trim?.padding, colour: background.kind === 'colour' ? background.colour : undefined }
    const made = await context.compute.run('project.removeBackground', request, { signal: context.signal })
    // Cropped as Crop crops: the other layers' trims, cut in the host as the canvas size job cuts them.
    const others = made.canvas ? await trimmedLayers(layerTrims(context.store, made.canvas, layer.id), context) : []
    return { made, others }
  },
  commit: ({ input, layer, position }, { made, others }) => {
    const { background, trim } = input
    const mask = { enabled: true, pixels: fromTransfer(made.mask) }
    const subject: LayerEdit =
      made.canvas && made.kept && made.pixels
        ? { layerId: layer.id, pixels: fromTransfer(made.pixels), properties: { offsetX: made.kept.x - made.canvas.x, offsetY: made.kept.y - made.canvas.y }, mask }
        : { layerId: layer.id, mask }
    const colour: LayerEdit[] =
      made.colour && background.kind === 'colour'
        ? [{ layerId: randomUUID(), properties: { name: background.name ?? 'Background colour' }, position, pixels: fromTransfer(made.colour) }]
        : []
    return {
      output: undefined,
      edit: {
        operation: 'removeBackground',
        params: { layerId: layer.id, background: background.kind === 'colour' ? background.colour : 'transparent', ...(trim ? { trim: trim.padding, canvas: made.canvas } : {}) },
        ...(made.canvas ? { canvas: made.canvas } : {}),
        layers: [...others, subject, ...colour],
      },
    }
  },
})
