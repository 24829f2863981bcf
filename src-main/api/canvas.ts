import type { Rect } from '../../src-shared/contract'
import type { OpenProjects } from '../documents/OpenProjects'
import { intersect, type LayerEdit, type ProjectStore } from '../documents/project'
import type { DocumentJobs } from '../jobs/documentJob'
import { jobKinds } from '../jobs/jobKinds'
import type { Handlers } from './dispatch'

type CanvasHandlers = Pick<Handlers, 'documents.resizeCanvas'>

/** Crop and canvas size: a job whose trims the compute host cuts from the version's tiles (jobs/kinds/canvas.ts). */
export function canvasHandlers(projects: OpenProjects, documentJobs: DocumentJobs): CanvasHandlers {
  return {
    'documents.resizeCanvas': async ({ documentId, rect }) => {
      const { width, height } = projects.store(documentId).document()
      if (rect.x === 0 && rect.y === 0 && rect.width === width && rect.height === height) return projects.info(documentId)
      await documentJobs.run(jobKinds.resizeCanvas, documentId, { rect })
      return projects.info(documentId)
    },
  }
}

/**
 * What a crop to `rect` cuts from each unlocked layer (and its layer mask), in the new canvas's coordinates, read on
 * main's thread: Remove background's trim of a small subject. The crop itself is the resizeCanvas job.
 */
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
