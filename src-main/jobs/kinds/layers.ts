import { AppError } from '../../../src-shared/contract'
import { exportFileName } from '../../../src-shared/contract/paths'
import { transformedBounds, type Matrix } from '../../../src-shared/affinePlacement'
import { MAX_IMAGE_PIXELS } from '../../../src-shared/limits'
import { findLayer, requireUnlocked } from '../../api/layerRules'
import type { ProjectStore } from '../../documents/project'
import { defineJobKind, taskSteps } from '../documentJob'
import { layerPlacement } from '../layerPlacement'
import { fromTransfer } from '../tiledTransfer'

/** Free transform: the layer (and its mask, through the same resampling) at full resolution, as one version. */
export const transformLayer = defineJobKind({
  kind: 'transform',
  plan: (store: ProjectStore, { layerId, matrix }: { layerId: string; matrix: Matrix }) => {
    const layer = requireUnlocked(findLayer(store, layerId))
    if (!layer.visible) throw new AppError('layer.hidden', `The layer “${layer.name}” is hidden.`, { layer: layer.name })
    const placement = { width: layer.width, height: layer.height, offsetX: layer.offsetX, offsetY: layer.offsetY, matrix }
    const bounds = transformedBounds(placement)
    if (bounds.width * bounds.height > MAX_IMAGE_PIXELS) {
      throw new AppError('image.tooManyPixels', `The transformed layer would be ${bounds.width}×${bounds.height} pixels, more than the limit of ${MAX_IMAGE_PIXELS} pixels.`, {
        width: bounds.width,
        height: bounds.height,
        limit: MAX_IMAGE_PIXELS,
      })
    }
    return { label: layer.name, layer, placement, started: performance.now() }
  },
  run: ({ layer, placement }, context) =>
    context.compute.run(
      'project.transformToTiles',
      { file: context.store.file, versionId: context.versionId, layerId: layer.id, placement, mask: layer.mask !== undefined },
      taskSteps(context),
    ),
  commit: ({ layer, placement, started }, { offsetX, offsetY, pixels, mask }) => ({
    output: undefined,
    edit: {
      operation: 'layer.transform',
      params: { layerId: layer.id, matrix: placement.matrix },
      durationMs: Math.round(performance.now() - started),
      layers: [{ layerId: layer.id, properties: { offsetX, offsetY }, pixels: fromTransfer(pixels), ...(mask ? { mask: { pixels: fromTransfer(mask) } } : {}) }],
    },
  }),
})

/** The layered Photoshop export: every layer and its mask, read and written in the compute host; no version. */
export const exportPsd = defineJobKind({
  kind: 'exportPsd',
  plan: (store: ProjectStore, _input: Record<string, never>) => ({ label: `${store.document().name}.psd`, document: store.document(), layers: store.layers() }),
  run: ({ document, layers }, context) =>
    context.compute.run(
      'project.psd',
      {
        file: context.store.file,
        versionId: context.versionId,
        width: document.width,
        height: document.height,
        layers: layers.map((layer) => ({
          ...layerPlacement(layer),
          kind: layer.kind,
          name: layer.name,
          visible: layer.visible,
          locked: layer.locked,
          ...(layer.mask ? { mask: { enabled: layer.mask.enabled } } : {}),
        })),
      },
      taskSteps(context),
    ),
  commit: ({ document }, { bytes, psb }) => ({ output: { fileName: exportFileName(document.name, psb ? 'psb' : 'psd'), mimeType: 'image/vnd.adobe.photoshop', bytes } }),
})
