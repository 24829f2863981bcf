import { AppError } from '../../src-shared/contract'
import { MAX_IMAGE_PIXELS } from '../../src-shared/limits'
import type { ComputeHost } from '../compute/ComputeHost'
import { transformedBounds } from '../../src-shared/affinePlacement'
import type { OpenProjects } from '../documents/OpenProjects'
import type { Handlers } from './dispatch'
import { findLayer, requireUnlocked } from './layerRules'

type LayerTransformHandlers = Pick<Handlers, 'layers.transform'>

/** The free transform's commit: the layer resampled through the matrix in the compute host, as one version. */
export function layerTransformHandlers(projects: OpenProjects, compute: ComputeHost): LayerTransformHandlers {
  return {
    'layers.transform': async ({ documentId, layerId, matrix }) => {
      const store = projects.store(documentId)
      const layer = requireUnlocked(findLayer(store, layerId))
      if (!layer.visible) throw new AppError('layer.hidden', `The layer “${layer.name}” is hidden.`, { layer: layer.name })
      const [a, b, c, d, e, f] = matrix
      const params = { layerId, matrix }
      if (a === 1 && b === 0 && c === 0 && d === 1 && Number.isInteger(e) && Number.isInteger(f)) {
        // A whole-pixel move resamples nothing: the pixels stay as they are, the offset changes.
        if (e !== 0 || f !== 0) {
          store.commitEdit({ operation: 'layer.transform', params, layers: [{ layerId, properties: { offsetX: layer.offsetX + e, offsetY: layer.offsetY + f } }] })
        }
        return projects.info(documentId)
      }
      const placement = { width: layer.width, height: layer.height, offsetX: layer.offsetX, offsetY: layer.offsetY, matrix }
      const bounds = transformedBounds(placement)
      if (bounds.width * bounds.height > MAX_IMAGE_PIXELS) {
        throw new AppError('image.tooManyPixels', `The transformed layer would be ${bounds.width}×${bounds.height} pixels, more than the limit of ${MAX_IMAGE_PIXELS} pixels.`, {
          width: bounds.width,
          height: bounds.height,
          limit: MAX_IMAGE_PIXELS,
        })
      }
      const started = performance.now()
      const result = await compute.run('imaging.affine', { ...placement, rgba: store.readLayer(store.head, layerId).rgba })
      // The layer mask goes with its layer, through the same resampling; beyond the old extent it hides.
      const mask = layer.mask && (await compute.run('imaging.affine', { ...placement, rgba: store.readLayer(store.head, layerId, 'mask').rgba }))
      store.commitEdit({
        operation: 'layer.transform',
        params,
        durationMs: Math.round(performance.now() - started),
        layers: [
          {
            layerId,
            properties: { offsetX: result.offsetX, offsetY: result.offsetY },
            pixels: { width: result.width, height: result.height, rgba: Buffer.from(result.rgba.buffer, result.rgba.byteOffset, result.rgba.byteLength) },
            ...(mask ? { mask: { pixels: { width: mask.width, height: mask.height, rgba: Buffer.from(mask.rgba.buffer, mask.rgba.byteOffset, mask.rgba.byteLength) } } } : {}),
          },
        ],
      })
      return projects.info(documentId)
    },
  }
}
