import type { Rect } from '../../src-shared/contract'
import type { OpenProjects } from '../documents/OpenProjects'
import { intersect, type LayerEdit, type ProjectStore } from '../documents/project'
import type { Handlers } from './dispatch'

type CanvasHandlers = Pick<Handlers, 'documents.resizeCanvas'>

export function canvasHandlers(projects: OpenProjects): CanvasHandlers {
  return {
    'documents.resizeCanvas': async ({ documentId, rect }) => {
      const store = projects.store(documentId)
      const { width, height } = store.document()
      if (rect.x === 0 && rect.y === 0 && rect.width === width && rect.height === height) return projects.info(documentId)
      const trims = canvasTrims(store, rect)
      const inside = rect.x >= 0 && rect.y >= 0 && rect.x + rect.width <= width && rect.y + rect.height <= height
      store.commitEdit({ operation: inside ? 'crop' : 'canvasSize', params: { rect, from: { width, height } }, canvas: rect, layers: trims })
      return projects.info(documentId)
    },
  }
}

/** What a crop to `rect` cuts from each unlocked layer (and its layer mask), in the new canvas's coordinates. */
export function canvasTrims(store: ProjectStore, rect: Rect): LayerEdit[] {
  const trims: LayerEdit[] = []
  for (const layer of store.layers()) {
    if (layer.locked) continue
    const extent = { x: layer.offsetX, y: layer.offsetY, width: layer.width, height: layer.height }
    const kept = intersect(extent, rect)
    // A layer wholly inside the new canvas just moves; one wholly outside keeps its pixels off-canvas.
    if (!kept || (kept.width === layer.width && kept.height === layer.height)) continue
    const local = { ...kept, x: kept.x - layer.offsetX, y: kept.y - layer.offsetY }
    const pixels = store.readRegion(store.head, layer.id, local)
    const mask = layer.mask && { pixels: store.readRegion(store.head, layer.id, local, 'mask') }
    trims.push({ layerId: layer.id, pixels, properties: { offsetX: kept.x - rect.x, offsetY: kept.y - rect.y }, ...(mask ? { mask } : {}) })
  }
  return trims
}
