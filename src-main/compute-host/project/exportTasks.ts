import type { ExportFormat } from '../../../src-shared/contract'
import { encodeImage } from '../../imaging/encode'
import { layeredPsd, type PsdLayer } from '../psd/layeredPsd'
import type { Task } from '../taskContext'
import { composite, readProject, type LayerPlacement, type ProjectRead, type StackRequest } from './projectReads'

/** A layer as the PSD lists it: placed, named, and whether it carries a layer mask (read with it here). */
type PsdPlacement = LayerPlacement & Pick<PsdLayer, 'kind' | 'name' | 'visible' | 'locked'> & { mask?: { enabled: boolean } }

/** Exports read from the project's tiles: the picture encoded, and the layered Photoshop file. */
export const exportTasks = {
  /** Export: the visible picture as PNG, JPEG or WebP bytes. */
  'project.export': (async (request, context) =>
    readProject(request.file, async (store) => {
      const rgba = await composite(store, request, context, 0.7)
      return { bytes: await encodeImage(rgba, request.width, request.height, request.format, request.quality) }
    })) as Task<StackRequest & { format: ExportFormat; quality?: number }, { bytes: Uint8Array }>,

  /** Every layer, bottom first, with its mask, as a layered PSD (a PSB past Photoshop's side limit). */
  'project.psd': (async ({ file, versionId, width, height, layers }, context) =>
    readProject(file, async (store) => {
      const read: PsdLayer[] = []
      for (const [index, { mask, ...layer }] of layers.entries()) {
        const pixels = store.readLayer(versionId, layer.layerId)
        read.push({ ...layer, ...pixels, ...(mask ? { mask: { rgba: store.readLayer(versionId, layer.layerId, 'mask').rgba, enabled: mask.enabled } } : {}) })
        context.progress(((index + 1) / layers.length) * 0.5)
        await context.checkpoint()
      }
      return layeredPsd({ width, height, layers: read })
    })) as Task<ProjectRead & { width: number; height: number; layers: PsdPlacement[] }, { bytes: Uint8Array; psb: boolean }>,
}
