import type { LayerInfo } from '../../src-shared/contract'
import type { LayerRaster } from '../editor/LayerRaster'

/**
 * The visible raster layers blended into one canvas at a pyramid level, so that panning and zooming draw one
 * image per frame instead of one per layer. The blend is the canvas's own (globalCompositeOperation), the same
 * the per-layer drawing uses, so the result looks the same.
 */
export function compositeAtLevel(layers: LayerInfo[], rasters: Map<string, LayerRaster>, level: number, size: { width: number; height: number }): HTMLCanvasElement {
  const scale = 2 ** -level
  const canvas = Object.assign(document.createElement('canvas'), { width: Math.ceil(size.width * scale), height: Math.ceil(size.height * scale) })
  const context = canvas.getContext('2d')!
  for (const layer of layers) {
    const source = rasters.get(layer.id)?.pyramid?.levels[level]
    if (!source || layer.kind !== 'raster' || !layer.visible) continue
    context.globalAlpha = layer.opacity
    context.globalCompositeOperation = layer.blendMode === 'normal' ? 'source-over' : layer.blendMode
    context.drawImage(source, layer.offsetX * scale, layer.offsetY * scale, source.width, source.height)
  }
  return canvas
}

/** Which pyramid level to draw at this zoom (0 = full size). */
export function levelIndex(pyramidWidth: number, levels: number, zoom: number): number {
  let index = 0
  while (index + 1 < levels && Math.ceil(pyramidWidth / 2 ** (index + 1)) >= pyramidWidth * zoom) index++
  return index
}
