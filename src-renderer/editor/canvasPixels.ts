import type { DocumentInfo } from '../../src-shared/contract'
import { canvasRaster, LayerRaster } from './LayerRaster'
import type { PixelBackend, Raster } from './raster'
import type { Coverage } from './selection/coverage'
import type { SelectionShape } from './selection/shapes'

/** The window's pixels: canvases (LayerRaster), the canvas's own anti-aliased fills, WebP thumbnails. */
export const canvasPixels: PixelBackend = {
  createRaster: (layerId, width, height) => new LayerRaster(layerId, width, height),
  shapeCoverage,
  composite: (document, rasters) => composited(document, rasters, 1, false).getContext('2d')!.getImageData(0, 0, document.width, document.height).data,
  thumbnail: thumbnailOf,
}

/** Rasterises a shape into coverage with the canvas's own anti-aliased fill. */
function shapeCoverage(shape: SelectionShape, width: number, height: number): Coverage {
  const canvas = Object.assign(document.createElement('canvas'), { width, height })
  const context = canvas.getContext('2d', { willReadFrequently: true })!
  context.fillStyle = '#fff'
  context.beginPath()
  if (shape.kind === 'rectangle') context.rect(shape.x, shape.y, shape.width, shape.height)
  else if (shape.kind === 'ellipse') context.ellipse(shape.x + shape.width / 2, shape.y + shape.height / 2, Math.abs(shape.width / 2), Math.abs(shape.height / 2), 0, 0, Math.PI * 2)
  else if (shape.kind === 'lasso') {
    context.moveTo(shape.points[0]!, shape.points[1]!)
    for (let i = 2; i < shape.points.length; i += 2) context.lineTo(shape.points[i]!, shape.points[i + 1]!)
    context.closePath()
  }
  context.fill()
  const rgba = context.getImageData(0, 0, width, height).data
  const alpha = new Uint8ClampedArray(width * height)
  for (let i = 0; i < alpha.length; i++) alpha[i] = rgba[i * 4 + 3]!
  return { width, height, alpha }
}

/** The visible raster layers blended at `scale` (from the smallest pyramid level when `small`), as the canvas shows them. */
function composited(document: DocumentInfo, rasters: Map<string, Raster>, scale: number, small: boolean): HTMLCanvasElement {
  const canvas = Object.assign(window.document.createElement('canvas'), { width: Math.round(document.width * scale), height: Math.round(document.height * scale) })
  const context = canvas.getContext('2d', { willReadFrequently: !small })!
  for (const layer of document.layers) {
    const raster = canvasRaster(rasters.get(layer.id))
    const source = small ? raster?.pyramid?.levels.at(-1) : raster?.shown
    if (!source || layer.kind !== 'raster' || !layer.visible) continue
    context.globalAlpha = layer.opacity
    context.globalCompositeOperation = layer.blendMode === 'normal' ? 'source-over' : layer.blendMode
    context.drawImage(source, layer.offsetX * scale, layer.offsetY * scale, layer.width * scale, layer.height * scale)
  }
  return canvas
}

/** A small WebP of what the document looks like, for the history panel: the visible raster layers composited. */
async function thumbnailOf(document: DocumentInfo, rasters: Map<string, Raster>): Promise<Uint8Array | undefined> {
  const canvas = composited(document, rasters, Math.min(1, 256 / Math.max(document.width, document.height)), true)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/webp', 0.8))
  return blob ? new Uint8Array(await blob.arrayBuffer()) : undefined
}
