import { AppError, type LayerInfo } from '../../src-shared/contract'
import type { ProjectStore } from '../documents/project'

/** The head's layer `layerId`, or project.layerNotFound. */
export function findLayer(store: ProjectStore, layerId: string): LayerInfo {
  const layer = store.layers().find((l) => l.id === layerId)
  if (!layer) throw new AppError('project.layerNotFound', `No layer ${layerId} in this document.`, { layerId })
  return layer
}

/** Refuses to change a locked layer's pixels, place or properties. */
export function requireUnlocked(layer: LayerInfo): LayerInfo {
  if (layer.locked) throw new AppError('layer.locked', `The layer “${layer.name}” is locked.`, { layer: layer.name })
  return layer
}

/** A stack position 0 (bottom) … `last`, or api.badInput: a position past the top is a caller's mistake. */
export function requirePosition(position: number, last: number): number {
  if (position > last) throw new AppError('api.badInput', `Position ${position} lies above the top of the stack (${last}).`, { position, last })
  return position
}
