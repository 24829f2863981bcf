import type { Rect } from '../../../src-shared/contract'
import { intersect, type LayerEdit, type ProjectStore } from '../../documents/project'
import { defineJobKind } from '../documentJob'
import { fromTransfer } from '../tiledTransfer'

/**
 * Crop and canvas size: the document takes `rect`; each unlocked layer keeps only what lies inside it, cut into tiles
 * in the compute host from the version's tiles (and its mask with it). A layer wholly inside just moves, and one
 * wholly outside keeps its pixels off-canvas: neither is read.
 */
export const resizeCanvas = defineJobKind({
  kind: 'resizeCanvas',
  plan: (store: ProjectStore, { rect }: { rect: Rect }) => {
    const { width, height } = store.document()
    const trims: { layerId: string; rect: Rect; mask: boolean; offsetX: number; offsetY: number }[] = []
    for (const layer of store.layers()) {
      if (layer.locked) continue
      const kept = intersect({ x: layer.offsetX, y: layer.offsetY, width: layer.width, height: layer.height }, rect)
      if (!kept || (kept.width === layer.width && kept.height === layer.height)) continue
      const local = { ...kept, x: kept.x - layer.offsetX, y: kept.y - layer.offsetY }
      trims.push({ layerId: layer.id, rect: local, mask: layer.mask !== undefined, offsetX: kept.x - rect.x, offsetY: kept.y - rect.y })
    }
    const inside = rect.x >= 0 && rect.y >= 0 && rect.x + rect.width <= width && rect.y + rect.height <= height
    return { label: `${rect.width}×${rect.height}`, rect, trims, inside, from: { width, height } }
  },
  // One task a layer: a single reply with every layer's tiles would be hundreds of megabytes that main's thread
  // deserializes in one go; a layer's worth at a time keeps each arrival short.
  run: async ({ trims }, { compute, signal, progress, store, versionId }) => {
    const results = []
    for (const [index, { layerId, rect, mask }] of trims.entries()) {
      const { trims: [trimmed] } = await compute.run(
        'project.trimToTiles',
        { file: store.file, versionId, trims: [{ layerId, rect, mask }] },
        { signal, onProgress: (fraction) => progress({ fraction: (index + fraction) / trims.length }) },
      )
      results.push(trimmed!)
    }
    return results
  },
  commit: ({ rect, trims, inside, from }, results) => {
    const layers: LayerEdit[] = results.map(({ layerId, pixels, mask }) => {
      const { offsetX, offsetY } = trims.find((trim) => trim.layerId === layerId)!
      return { layerId, pixels: fromTransfer(pixels), properties: { offsetX, offsetY }, ...(mask ? { mask: { pixels: fromTransfer(mask) } } : {}) }
    })
    return { output: undefined, edit: { operation: inside ? 'crop' : 'canvasSize', params: { rect, from }, canvas: rect, layers } }
  },
})
