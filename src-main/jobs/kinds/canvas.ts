import type { Rect } from '../../../src-shared/contract'
import { intersect, TILE_SIZE, type LayerEdit, type ProjectStore } from '../../documents/project'
import { defineJobKind } from '../documentJob'
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
  // One task a band of tile rows: a single reply with a layer's tiles is tens of megabytes that main's thread
  // deserializes in one go; a band's worth at a time keeps each arrival short. Bands start on tile rows of the kept
  // rectangle, so their tiles are the layer's own and their grids, one after another, are the layer's grid.
  run: async ({ trims }, { compute, signal, progress, store, versionId }) => {
    const results = []
    for (const [index, { layerId, rect, mask }] of trims.entries()) {
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
      results.push({ layerId, pixels: joinBands(bands.map((band) => band.pixels)), ...(mask ? { mask: joinBands(bands.map((band) => band.mask!)) } : {}) })
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
