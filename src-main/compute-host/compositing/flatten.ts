import { AppError, type BlendMode } from '../../../src-shared/contract'

export interface FlattenLayer {
  rgba: Uint8Array
  width: number
  height: number
  offsetX: number
  offsetY: number
  opacity: number
  blendMode: BlendMode
}

/**
 * Composites raster layers, bottom first, onto a transparent canvas of the document's size with the
 * Porter–Duff source-over operator on straight alpha. Blend modes other than normal arrive with the canvas issue.
 */
export function flatten(width: number, height: number, layers: FlattenLayer[]): Uint8Array {
  const out = new Float32Array(width * height * 4)
  for (const layer of layers) {
    if (layer.blendMode !== 'normal') {
      throw new AppError('internal', `Exporting the ${layer.blendMode} blend mode is not supported yet.`, { blendMode: layer.blendMode })
    }
    const x0 = Math.max(0, layer.offsetX)
    const y0 = Math.max(0, layer.offsetY)
    const x1 = Math.min(width, layer.offsetX + layer.width)
    const y1 = Math.min(height, layer.offsetY + layer.height)
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const s = ((y - layer.offsetY) * layer.width + (x - layer.offsetX)) * 4
        const d = (y * width + x) * 4
        const alpha = (layer.rgba[s + 3]! / 255) * layer.opacity
        const below = out[d + 3]! * (1 - alpha)
        const total = alpha + below
        // Over nothing, a pixel keeps its colour even where it is fully transparent, so one layer exports as it is.
        const weight = total === 0 ? 1 : alpha / total
        for (let c = 0; c < 3; c++) out[d + c] = layer.rgba[s + c]! * weight + out[d + c]! * (1 - weight)
        out[d + 3] = total
      }
    }
  }
  const rgba = new Uint8Array(width * height * 4)
  for (let i = 0; i < rgba.length; i += 4) {
    rgba[i] = Math.round(out[i]!)
    rgba[i + 1] = Math.round(out[i + 1]!)
    rgba[i + 2] = Math.round(out[i + 2]!)
    rgba[i + 3] = Math.round(out[i + 3]! * 255)
  }
  return rgba
}
