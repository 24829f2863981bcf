import sharp from 'sharp'
import type { BlendMode, ExportFormat } from '../../../src-shared/contract'
import { ProjectStore, type TiledPixels } from '../../documents/project'
import { encodeImage } from '../../imaging/encode'
import { makeThumbnail } from '../../imaging/thumbnail'
import { flatten, type FlattenLayer } from '../compositing/flatten'
import type { Task, TaskContext } from '../taskContext'
import { openImageTasks } from './openImageTasks'

/** A layer of one version, placed as the composite shows it; its pixels are read here, through its layer mask. */
export interface LayerPlacement {
  layerId: string
  offsetX: number
  offsetY: number
  opacity: number
  blendMode: BlendMode
}

/** Which layers of which version to composite, onto a canvas of `width`×`height`, read from the project file. */
export interface StackRequest {
  /** The file SQLite opens (ProjectStore.file); read-only here: WAL lets this reader work beside main's writer. */
  file: string
  versionId: number
  width: number
  height: number
  layers: LayerPlacement[]
}

/** Tiles as they cross the process boundary: plain bytes. */
interface TiledTransfer {
  width: number
  height: number
  grid: Uint8Array
  newTiles: { hash: Uint8Array; width: number; height: number; encoded: Uint8Array }[]
}

/**
 * The compute host's whole-document work, reading tiles itself so main never assembles a layer: the composite cut
 * into tiles for merge and flatten (only the tiles the project lacks come back, hashed and encoded), the export
 * encoded, and a history thumbnail.
 */
export const projectTasks = {
  /** Opening a photo: decoded once, a preview at once, then the tiles and the project file (openImageTasks.ts). */
  ...openImageTasks,

  /** Merge down and flatten: the composite as new tiles, and its thumbnail when asked. */
  'project.flattenToTiles': (async (request, context) => {
    const { store, rgba } = await composite(request, context, 0.9)
    try {
      const tiled = store.cutIntoTiles({ width: request.width, height: request.height, rgba: Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength) })
      const thumbnail = request.thumbnail ? await makeThumbnail(rgba, request.width, request.height) : undefined
      return { tiled: toTransfer(tiled), ...(thumbnail ? { thumbnail } : {}) }
    } finally {
      store.close()
    }
  }) as Task<StackRequest & { thumbnail?: boolean }, { tiled: TiledTransfer; thumbnail?: Uint8Array }>,

  /** Export: the visible picture as PNG, JPEG or WebP bytes. */
  'project.export': (async (request, context) => {
    const { store, rgba } = await composite(request, context, 0.7)
    store.close()
    return { bytes: await encodeImage(rgba, request.width, request.height, request.format, request.quality) }
  }) as Task<StackRequest & { format: ExportFormat; quality?: number }, { bytes: Uint8Array }>,

  /**
   * Crop or canvas size: each named layer's part inside the new canvas (`rect`, in the layer's own coordinates), and
   * its mask's, cut into tiles. The layers that just move are main's business: they keep their grids.
   */
  'project.trimToTiles': (async ({ file, versionId, trims }, context) => {
    const store = ProjectStore.open(file, { readOnly: true, tileCacheBytes: 0 })
    try {
      const results: { layerId: string; pixels: TiledTransfer; mask?: TiledTransfer }[] = []
      for (const [index, { layerId, rect, mask }] of trims.entries()) {
        const cut = (part: 'pixels' | 'mask') => toTransfer(store.cutIntoTiles(store.readRegion(versionId, layerId, rect, part)))
        results.push({ layerId, pixels: cut('pixels'), ...(mask ? { mask: cut('mask') } : {}) })
        context.progress((index + 1) / trims.length)
        await context.checkpoint()
      }
      return { trims: results }
    } finally {
      store.close()
    }
  }) as Task<
    { file: string; versionId: number; trims: { layerId: string; rect: { x: number; y: number; width: number; height: number }; mask: boolean }[] },
    { trims: { layerId: string; pixels: TiledTransfer; mask?: TiledTransfer }[] }
  >,

  /** A version's history thumbnail: each layer shrunk as it is read (a large stack is never whole at full size). */
  'project.thumbnail': (async (request, context) => {
    const store = ProjectStore.open(request.file, { readOnly: true, tileCacheBytes: 0 })
    try {
      const scale = Math.min(1, 256 / Math.max(request.width, request.height))
      const size = (length: number) => Math.max(1, Math.round(length * scale))
      const layers: FlattenLayer[] = []
      for (const placement of request.layers) {
        const { width, height, rgba } = store.readShown(request.versionId, placement.layerId)
        const shrunk = { width: size(width), height: size(height) }
        const small = await sharp(rgba, { raw: { width, height, channels: 4 }, limitInputPixels: false }).resize(shrunk.width, shrunk.height, { fit: 'fill' }).raw().toBuffer()
        layers.push({ ...placement, ...shrunk, rgba: small, offsetX: Math.round(placement.offsetX * scale), offsetY: Math.round(placement.offsetY * scale) })
        await context.checkpoint()
      }
      const canvas = { width: size(request.width), height: size(request.height) }
      return { bytes: await makeThumbnail(await flatten(canvas.width, canvas.height, layers), canvas.width, canvas.height) }
    } finally {
      store.close()
    }
  }) as Task<StackRequest, { bytes: Uint8Array }>,
}

/** Reads the layers (the first `share` of the progress goes on reading and compositing) and composites them. */
async function composite(request: StackRequest, context: TaskContext, share: number): Promise<{ store: ProjectStore; rgba: Uint8Array }> {
  // No tile cache: every tile is read once, and the host must not keep a document's worth between jobs.
  const store = ProjectStore.open(request.file, { readOnly: true, tileCacheBytes: 0 })
  try {
    const layers: FlattenLayer[] = []
    for (const [index, placement] of request.layers.entries()) {
      const { width, height, rgba } = store.readShown(request.versionId, placement.layerId)
      layers.push({ ...placement, width, height, rgba })
      context.progress(((index + 1) / request.layers.length) * share * 0.5)
      await context.checkpoint()
    }
    const rgba = await flatten(request.width, request.height, layers, async (rowsDone) => {
      context.progress(share * (0.5 + (0.5 * rowsDone) / request.height))
      await context.checkpoint()
    })
    return { store, rgba }
  } catch (error) {
    store.close()
    throw error
  }
}

function toTransfer(tiled: TiledPixels): TiledTransfer {
  return { width: tiled.width, height: tiled.height, grid: tiled.grid, newTiles: tiled.newTiles ?? [] }
}
