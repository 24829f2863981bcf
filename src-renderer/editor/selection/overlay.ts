import type { Coverage } from './coverage'
import { selectionOutline } from './outline'

/**
 * What the canvas draws for a selection: selected pixels tinted; its outline, for the marching ants; and the
 * coverage as an alpha-only canvas that clips strokes to the selection.
 */
export function selectionCanvases(selection: Coverage): { overlay: HTMLCanvasElement; clip: HTMLCanvasElement; outline: Float32Array } {
  const { width, height, alpha } = selection
  const overlay = new ImageData(width, height)
  const clip = new ImageData(width, height)
  for (let i = 0; i < width * height; i++) {
    const a = alpha[i]!
    clip.data[i * 4 + 3] = a
    if (a >= 128) overlay.data.set([76, 141, 255, 60], i * 4)
  }
  return { overlay: toCanvas(overlay), clip: toCanvas(clip), outline: selectionOutline(selection) }
}

function toCanvas(image: ImageData): HTMLCanvasElement {
  const canvas = Object.assign(document.createElement('canvas'), { width: image.width, height: image.height })
  canvas.getContext('2d')!.putImageData(image, 0, 0)
  return canvas
}
