import type { LayerInfo } from '../../src-shared/contract'

/** A layer as the compute host composites it from the project file: which one, where (moved by −dx, −dy), and how. */
export const layerPlacement = (layer: LayerInfo, dx = 0, dy = 0) => ({
  layerId: layer.id,
  offsetX: layer.offsetX - dx,
  offsetY: layer.offsetY - dy,
  opacity: layer.opacity,
  blendMode: layer.blendMode,
})
