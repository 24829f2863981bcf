import sharp from 'sharp'
import type { LayerInfo } from '../../src-shared/contract'
import type { ComputeHost } from '../compute/ComputeHost'
import type { TaskInput } from '../compute/ComputeHost'
import { makeThumbnail } from '../imaging/thumbnail'

type FlattenLayer = TaskInput<'imaging.flatten'>['layers'][number]

/** The longest side of a history thumbnail (makeThumbnail's). */
const THUMBNAIL_SIDE = 256

/** A layer as the version will show it, its pixels read when the thumbnail comes to it. */
export interface ThumbnailLayer extends Omit<FlattenLayer, 'rgba'> {
  kind: LayerInfo['kind']
  visible: boolean
  pixels: () => Uint8Array
}

/**
 * The history panel's picture of a document after a layer operation that does not come with one from the
 * renderer: the visible raster layers, bottom first, each shrunk to the thumbnail's scale one at a time (so a large
 * document never holds every layer at full size at once), composited with their blend modes and opacity in the
 * compute host as the canvas draws them.
 */
export async function stackThumbnail(compute: ComputeHost, width: number, height: number, stack: ThumbnailLayer[]): Promise<Buffer> {
  const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(width, height))
  const size = (length: number) => Math.max(1, Math.round(length * scale))
  const layers: FlattenLayer[] = []
  for (const { kind, visible, pixels, ...layer } of stack) {
    if (kind !== 'raster' || !visible) continue
    const shrunk = { width: size(layer.width), height: size(layer.height) }
    const rgba =
      scale === 1
        ? pixels()
        : await sharp(pixels(), { raw: { width: layer.width, height: layer.height, channels: 4 }, limitInputPixels: false })
            .resize(shrunk.width, shrunk.height, { fit: 'fill' })
            .raw()
            .toBuffer()
    layers.push({ ...layer, ...shrunk, rgba, offsetX: Math.round(layer.offsetX * scale), offsetY: Math.round(layer.offsetY * scale) })
  }
  const canvas = { width: size(width), height: size(height) }
  const { rgba } = await compute.run('imaging.flatten', { ...canvas, layers })
  return makeThumbnail(rgba, canvas.width, canvas.height)
}
