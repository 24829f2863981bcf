import { randomUUID } from 'node:crypto'
import { basename, extname } from 'node:path'
import { AppError, type LayerInfo } from '../../src-shared/contract'
import type { OpenProjects } from '../documents/OpenProjects'
import type { LayerProperties } from '../documents/project'
import { decodeImage } from '../imaging/decode'
import type { Handlers } from './dispatch'
import { findLayer, requirePosition, requireUnlocked } from './layerRules'

type LayerStackHandlers = Pick<Handlers, 'layers.add' | 'layers.update' | 'layers.duplicate' | 'layers.remove' | 'layers.move'>

/** A locked layer refuses every operation but these changes: unlocking it, and showing or hiding it. */
const changeableWhileLocked = new Set(['locked', 'visible'])

/** The layers panel's stack operations: each is one version, and a no-op (same values, same place) is none. */
export function layerStackHandlers(projects: OpenProjects): LayerStackHandlers {
  return {
    'layers.add': async ({ documentId, kind, name, position, image }) => {
      const store = projects.store(documentId)
      const stack = store.layers()
      if (position !== undefined) requirePosition(position, stack.length)
      const pixels = image ? await decodeImage(image.bytes) : undefined
      const layerId = randomUUID()
      const layerName = name ?? (image ? basename(image.name, extname(image.name)) || image.name : defaultName(stack, kind))
      store.commitEdit({
        operation: 'layer.add',
        params: { layerId, kind, name: layerName, position: position ?? stack.length, ...(image ? { image: image.name } : {}) },
        // An image keeps its own size at 0,0: what lies beyond the document stays in the layer, to be moved into view.
        layers: [{ layerId, kind, properties: { name: layerName }, position, pixels: pixels && { width: pixels.width, height: pixels.height, rgba: pixels.rgba } }],
      })
      return projects.info(documentId)
    },

    'layers.update': async ({ documentId, layerId, changes }) => {
      const store = projects.store(documentId)
      const layer = findLayer(store, layerId)
      if (Object.keys(changes).some((key) => !changeableWhileLocked.has(key))) requireUnlocked(layer)
      const changed = (Object.keys(changes) as (keyof LayerProperties)[]).filter((key) => changes[key] !== layer[key])
      if (changed.length > 0) {
        store.commitEdit({ operation: 'layer.update', params: { layerId, changes }, layers: [{ layerId, properties: changes }] })
      }
      return projects.info(documentId)
    },

    // Copy-on-write: the copy's grid names the source's tiles (a later stroke on either replaces its own cells only),
    // so no tile is read, hashed or deflated; its history row is composited on demand, as a new layer's is.
    'layers.duplicate': async ({ documentId, layerId, name }) => {
      const store = projects.store(documentId)
      const { id, kind, width: _w, height: _h, mask, ...properties } = requireUnlocked(findLayer(store, layerId))
      const position = store.layers().findIndex((l) => l.id === id) + 1
      const copyId = randomUUID()
      const copyMask = mask && { enabled: mask.enabled, pixels: store.tiledPixels(store.head, id, 'mask') }
      store.commitEdit({
        operation: 'layer.duplicate',
        params: { layerId: id, copyId },
        layers: [{ layerId: copyId, kind, properties: { ...properties, name: name ?? `${properties.name} copy` }, position, pixels: store.tiledPixels(store.head, id), ...(copyMask ? { mask: copyMask } : {}) }],
      })
      return projects.info(documentId)
    },

    'layers.remove': async ({ documentId, layerId }) => {
      const store = projects.store(documentId)
      const layer = requireUnlocked(findLayer(store, layerId))
      if (layer.kind === 'raster' && store.layers().filter((l) => l.kind === 'raster').length === 1) {
        throw new AppError('layer.lastRaster', `“${layer.name}” is the document's only raster layer.`, { layer: layer.name })
      }
      store.commitEdit({ operation: 'layer.remove', params: { layerId, name: layer.name }, layers: [{ layerId, remove: true }] })
      return projects.info(documentId)
    },

    'layers.move': async ({ documentId, layerId, position }) => {
      const store = projects.store(documentId)
      const stack = store.layers()
      requireUnlocked(findLayer(store, layerId))
      requirePosition(position, stack.length - 1)
      const from = stack.findIndex((l) => l.id === layerId)
      if (from !== position) {
        store.commitEdit({ operation: 'layer.move', params: { layerId, from, to: position }, layers: [{ layerId, position }] })
      }
      return projects.info(documentId)
    },
  }
}

/** "Layer 3" or "Mask 2": one more than the layers of that kind in the stack. */
function defaultName(stack: LayerInfo[], kind: LayerInfo['kind']): string {
  const count = stack.filter((layer) => layer.kind === kind).length + 1
  return `${kind === 'mask' ? 'Mask' : 'Layer'} ${count}`
}
