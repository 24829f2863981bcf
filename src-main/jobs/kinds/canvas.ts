import type { Rect } from '../../../src-shared/contract'
import { intersect, TILE_SIZE, type LayerEdit, type ProjectStore, type VersionId } from '../../documents/project'
import { defineJobKind } from '../documentJob'
import type { JobContext } from '../JobQueue'
import { fromTransfer } from '../tiledTransfer'
import type { TaskOutput } from '../../compute/ComputeHost'

type TiledTransfer = TaskOutput<'project.trimToTiles'>['trims'][number]['pixels']

/** Rows of a layer each trim reply carries: four rows of tiles (a 6000 px wide layer's band is about 10 MB). */
const BAND_ROWS = 4 * TILE_SIZE

/** Bands of whole tile rows, top first, as one grid: their hashes are row-major, so they follow one another. */
function joinBands(bands: TiledTransfer[]): TiledTransfer {
  return {
    width: bands[0]!.width,
    height: bands.reduce((sum, band) => sum + band.height, 0),
    grid: Buffer.concat(bands.map((band) => band.grid)),
    newTiles: bands.flatMap((band) => band.newTiles),
  }
}

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
 * The trims cut into tiles by the compute host from version `versionId`, one task a band of tile rows: a single reply
 * with a layer's tiles is tens of megabytes that main's thread deserializes in one go; a band's worth at a time keeps
 * each arrival short. Bands start on tile rows of the kept rectangle, so their tiles are the layer's own and their
 * grids, one after another, are the layer's grid. Answered as the layers' edits.
 */
export async function trimmedLayers(trims: LayerTrim[], { compute, signal, progress, store, versionId }: JobContext & { store: ProjectStore; versionId: VersionId }): Promise<LayerEdit[]> {
  const edits: LayerEdit[] = []
  for (const [index, { layerId, rect, mask, offsetX, offsetY }] of trims.entries()) {
    const bands = []
    for (let top = 0; top < rect.height; top += BAND_ROWS) {
      const band = { ...rect, y: rect.y + top, height: Math.min(BAND_ROWS, rect.height - top) }
      const { trims: [trimmed] } = await compute.run(
        'project.trimToTiles',
        { file: store.file, versionId, trims: [{ layerId, rect: band, mask }] },
        { signal, onProgress: (fraction) => progress({ fraction: (index + (top + fraction * band.height) / rect.height) / trims.length }) },
      )
      bands.push(trimmed!)
    }
    const pixels = fromTransfer(joinBands(bands.map((band) => band.pixels)))
    edits.push({ layerId, pixels, properties: { offsetX, offsetY }, ...(mask ? { mask: { pixels: fromTransfer(joinBands(bands.map((band) => band.mask!))) } } : {}) })
  }
  return edits
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
