import type { OpenProjects } from '../documents/OpenProjects'
import type { Handlers } from './dispatch'
import { findLayer, requireUnlocked } from './layerRules'

type LayerHandlers = Pick<Handlers, 'layers.tileGrid' | 'tiles.read' | 'layers.paint'>

export function layerHandlers(projects: OpenProjects): LayerHandlers {
  return {
    'layers.tileGrid': async ({ documentId, layerId, versionId }) => {
      const store = projects.store(documentId)
      return store.tileGrid(versionId ?? store.head, layerId)
    },
    'tiles.read': async ({ documentId, hashes }) => {
      const store = projects.store(documentId)
      return { tiles: hashes.map((hash) => store.readTile(hash)) }
    },
    'layers.paint': async ({ documentId, layerId, operation, rect, rgba, params, thumbnail }) => {
      const store = projects.store(documentId)
      requireUnlocked(findLayer(store, layerId))
      const started = performance.now()
      store.commitEdit({
        operation,
        params,
        thumbnail: thumbnail && Buffer.from(thumbnail),
        layers: [{ layerId, pixels: { rect, rgba: Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength) } }],
        durationMs: Math.round(performance.now() - started),
      })
      return projects.info(documentId)
    },
  }
}
