import sharp from 'sharp'
import { makeThumbnail } from '../../imaging/thumbnail'
import { flatten, type FlattenLayer } from '../compositing/flatten'
import type { Task } from '../taskContext'
import { composite, cutIntoTiles, readProject, type StackRequest, type TiledTransfer, type TileTransfer } from './projectReads'

/** The longest side of a history thumbnail (makeThumbnail's). */
const THUMBNAIL_SIDE = 256

/** Layers composited from the project's tiles: merge down and flatten as new tiles, and history thumbnails. */
export const compositeTasks = {
  /** Merge down and flatten: the composite as new tiles, and its thumbnail when asked. */
  'project.flattenToTiles': (async (request, context) =>
    readProject(request.file, async (store) => {
      const rgba = await composite(store, request, context, 0.9)
      const thumbnail = request.thumbnail ? await makeThumbnail(rgba, request.width, request.height) : undefined
      return { tiled: await cutIntoTiles(store, { width: request.width, height: request.height, rgba }, context), ...(thumbnail ? { thumbnail } : {}) }
    })) as Task<StackRequest & { thumbnail?: boolean }, { tiled: TiledTransfer; thumbnail?: Uint8Array }, TileTransfer[]>,

  /** A version's history thumbnail: each layer shrunk as it is read (a large stack is never whole at full size). */
  'project.thumbnail': (async (request, context) =>
    readProject(request.file, async (store) => {
      const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(request.width, request.height))
      const size = (length: number) => Math.max(1, Math.round(length * scale))
      const layers: FlattenLayer[] = []
      // A duplicate's thumbnail shows its source twice: each layer is read and shrunk once.
      const shrunkLayers = new Map<string, { width: number; height: number; rgba: Buffer }>()
      for (const placement of request.layers) {
        let shrunk = shrunkLayers.get(placement.layerId)
        if (!shrunk) {
          const { width, height, rgba } = store.readShown(request.versionId, placement.layerId)
          const to = { width: size(width), height: size(height) }
          shrunk = { ...to, rgba: await sharp(rgba, { raw: { width, height, channels: 4 }, limitInputPixels: false }).resize(to.width, to.height, { fit: 'fill' }).raw().toBuffer() }
          shrunkLayers.set(placement.layerId, shrunk)
          await context.checkpoint()
        }
        layers.push({ ...placement, ...shrunk, offsetX: Math.round(placement.offsetX * scale), offsetY: Math.round(placement.offsetY * scale) })
      }
      const canvas = { width: size(request.width), height: size(request.height) }
      return { bytes: await makeThumbnail(await flatten(canvas.width, canvas.height, layers), canvas.width, canvas.height) }
    })) as Task<StackRequest, { bytes: Uint8Array }>,
}
