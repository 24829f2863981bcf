import { createHash } from 'node:crypto'
import { AppError, type Rect } from '../../src-shared/contract'
import type { ComputeHost } from '../compute/ComputeHost'
import type { ProjectStore } from '../documents/project'

/** The image a segmenter looks at: where it sits in the document, a name for its content, and its pixels. */
export interface SegmentationSource {
  rect: Rect
  /** Equal for equal pixels (it hashes the tile hashes and the layers' placement), so embeddings can be reused. */
  key: string
  pixels(compute: ComputeHost): Promise<Uint8Array>
}

/**
 * A raster layer at its own size and offset, or 'visible': the visible raster layers composited on the canvas as
 * export does. A hidden layer is refused; so is one with nothing on it, when its pixels are read.
 */
export function segmentationSource(store: ProjectStore, layerId: string): SegmentationSource {
  const head = store.head
  const all = store.layers().filter((layer) => layer.kind === 'raster')
  const layers = layerId === 'visible' ? all.filter((layer) => layer.visible) : all.filter((layer) => layer.id === layerId)
  if (layerId !== 'visible') {
    const layer = layers[0]
    if (!layer) throw new AppError('project.layerNotFound', `No raster layer ${layerId} in this document.`, { layerId })
    if (!layer.visible) throw new AppError('layer.hidden', `The layer “${layer.name}” is hidden.`, { layer: layer.name })
  }
  if (layers.length === 0) throw new AppError('segmentation.emptyImage', 'No layer is visible: there is nothing to select.')
  const { width, height } = store.document()
  const rect = layerId === 'visible' ? { x: 0, y: 0, width, height } : { x: layers[0]!.offsetX, y: layers[0]!.offsetY, width: layers[0]!.width, height: layers[0]!.height }
  const hash = createHash('sha256').update(JSON.stringify(rect))
  for (const layer of layers) {
    const { id, opacity, blendMode, offsetX, offsetY } = layer
    const mask = layerId === 'visible' && layer.mask?.enabled ? store.tileGrid(head, id, 'mask').tiles : undefined
    hash.update(JSON.stringify({ id, opacity, blendMode, offsetX, offsetY, tiles: store.tileGrid(head, id).tiles, mask }))
  }
  return {
    rect,
    key: hash.digest('hex'),
    async pixels(compute) {
      const rgba =
        layerId === 'visible'
          ? (await compute.run('imaging.flatten', { width, height, layers: layers.map((layer) => ({ ...layer, rgba: store.readShown(head, layer.id).rgba })) })).rgba
          : store.readLayer(head, layerId).rgba
      if (!hasPixels(rgba)) throw new AppError('segmentation.emptyImage', 'The image is empty: there is nothing on it to select.', { layerId })
      return new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength)
    },
  }
}

function hasPixels(rgba: Uint8Array): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 0) return true
  return false
}
