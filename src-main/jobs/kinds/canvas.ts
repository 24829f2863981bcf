import type { Rect } from '../../../src-shared/contract'
import { intersect, type LayerEdit, type ProjectStore } from '../../documents/project'
import { defineJobKind, type RunContext } from '../documentJob'
import { fromTransfer } from '../tiledTransfer'

/** What a crop to `rect` cuts from one layer (and its mask), in its own pixels, and where the kept part goes. */
export interface LayerTrim {
  layerId: string
  rect: Rect
  mask: boolean
  offsetX: number
  offsetY: number
}

/**
 * The layers a crop to `rect` cuts: each unlocked one (but `except`) that lies partly inside. A layer wholly inside
 * just moves, and one wholly outside keeps its pixels off-canvas: neither is read.
 */
export function layerTrims(store: ProjectStore, rect: Rect, except?: string): LayerTrim[] {
  const trims: LayerTrim[] = []
  for (const layer of store.layers()) {
    if (layer.locked || layer.id === except) continue
    const kept = intersect({ x: layer.offsetX, y: layer.offsetY, width: layer.width, height: layer.height }, rect)
    if (!kept || (kept.width === layer.width && kept.height === layer.height)) continue
    const local = { ...kept, x: kept.x - layer.offsetX, y: kept.y - layer.offsetY }
    trims.push({ layerId: layer.id, rect: local, mask: layer.mask !== undefined, offsetX: kept.x - rect.x, offsetY: kept.y - rect.y })
  }
  return trims
}

/**
 * The trims cut into tiles by the compute host from version `versionId`, in one task: each layer's tiles come ahead
 * of the grids, a few megabytes a part, stored as they arrive (storingTiles). Answered as the layers' edits.
 */
export async function trimmedLayers(trims: LayerTrim[], { compute, signal, progress, store, versionId }: RunContext): Promise<LayerEdit[]> {
  if (trims.length === 0) return []
  const { trims: trimmed } = await compute.run(
    'project.trimToTiles',
    { file: store.file, versionId, trims: trims.map(({ layerId, rect, mask }) => ({ layerId, rect, mask })) },
    { signal, onProgress: (fraction) => progress({ fraction }) },
  )
  return trimmed.map(({ layerId, pixels, mask }) => {
    const { offsetX, offsetY } = trims.find((trim) => trim.layerId === layerId)!
    return { layerId, pixels: fromTransfer(pixels), properties: { offsetX, offsetY }, ...(mask ? { mask: { pixels: fromTransfer(mask) } } : {}) }
  })
}

/** Crop and canvas size: the document takes `rect`; each unlocked layer keeps only what lies inside it (layerTrims). */
export const resizeCanvas = defineJobKind({
  kind: 'resizeCanvas',
  plan: (store: ProjectStore, { rect }: { rect: Rect }) => {
    const { width, height } = store.document()
    const inside = rect.x >= 0 && rect.y >= 0 && rect.x + rect.width <= width && rect.y + rect.height <= height
    return { label: `${rect.width}×${rect.height}`, rect, trims: layerTrims(store, rect), inside, from: { width, height } }
  },
  run: ({ trims }, context) => trimmedLayers(trims, context),
  commit: ({ rect, inside, from }, layers) => ({ output: undefined, edit: { operation: inside ? 'crop' : 'canvasSize', params: { rect, from }, canvas: rect, layers } }),
})
