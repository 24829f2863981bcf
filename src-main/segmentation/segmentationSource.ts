import { createHash } from 'node:crypto'
import { AppError, type Rect } from '../../src-shared/contract'
import type { TaskInput } from '../compute/ComputeHost'
import type { ProjectStore } from '../documents/project'
import { layerPlacement } from '../jobs/layerPlacement'

/** The image a segmenter looks at: where it sits in the document, a name for its content, and where the host reads it. */
export interface SegmentationSource {
  rect: Rect
  /** Equal for equal pixels (it hashes the tile hashes and the layers' placement), so embeddings can be reused. */
  key: string
  /** The compute host reads the pixels itself from the head as the call saw it; an empty image is refused there. */
  image: TaskInput<'segmentation.subject'>['image']
}

/**
 * A raster layer at its own size and offset, or 'visible': the visible raster layers composited on the canvas as
 * export does. A hidden layer is refused; so is one with nothing on it, when the host reads its pixels.
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
  const read = { file: store.file, versionId: head }
  const image =
    layerId === 'visible'
      ? { ...read, width, height, layers: layers.map((layer) => layerPlacement(layer)) }
      : { ...read, layerId }
  return { rect, key: hash.digest('hex'), image }
}
