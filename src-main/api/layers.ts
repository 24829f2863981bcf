import { AppError } from '../../src-shared/contract'
import type { OpenProjects } from '../documents/OpenProjects'
import type { Handlers } from './dispatch'
import { findLayer, requireUnlocked } from './layerRules'

type LayerHandlers = Pick<Handlers, 'layers.tileGrid' | 'tiles.read' | 'layers.paint'>

export function layerHandlers(projects: OpenProjects): LayerHandlers {
  return {
    'layers.tileGrid': async ({ documentId, layerId, versionId, mask }) => {
      const store = projects.store(documentId)
      return store.tileGrid(versionId ?? store.head, layerId, mask ? 'mask' : 'pixels')
    },
    'tiles.read': async ({ documentId, hashes }) => {
      const store = projects.store(documentId)
      return { tiles: hashes.map((hash) => store.readTile(hash)) }
    },
    'layers.paint': async ({ documentId, layerId, target, operation, rect, rgba, params, thumbnail }) => {
      const store = projects.store(documentId)
      const layer = requireUnlocked(findLayer(store, layerId))
      if (target === 'mask' && !layer.mask) throw new AppError('layer.noMask', `The layer “${layer.name}” has no layer mask.`, { layer: layer.name })
      const started = performance.now()
      const pixels = { rect, rgba: Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength) }
      store.commitEdit({
        operation: target === 'mask' ? `layerMask.${operation}` : operation,
        params,
        thumbnail: thumbnail && Buffer.from(thumbnail),
        layers: [target === 'mask' ? { layerId, mask: { pixels } } : { layerId, pixels }],
        durationMs: Math.round(performance.now() - started),
      })
      return projects.info(documentId)
    },
  }
}
