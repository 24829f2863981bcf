import type { Coverage } from './coverage'

/**
 * What the canvas draws for a selection: selected pixels tinted, with its edge (selected pixels next to
 * unselected ones) opaque; and the coverage as an alpha-only canvas that clips strokes to the selection.
 */
export function selectionCanvases(selection: Coverage): { overlay: HTMLCanvasElement; clip: HTMLCanvasElement } {
  const { width, height, alpha } = selection
  const overlay = new ImageData(width, height)
  const clip = new ImageData(width, height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      const a = alpha[i]!
      clip.data[i * 4 + 3] = a
      if (a < 128) continue
      const edge = x === 0 || y === 0 || x === width - 1 || y === height - 1 || alpha[i - 1]! < 128 || alpha[i + 1]! < 128 || alpha[i - width]! < 128 || alpha[i + width]! < 128
      overlay.data.set(edge ? [255, 255, 255, 255] : [76, 141, 255, 60], i * 4)
    }
  }
  return { overlay: toCanvas(overlay), clip: toCanvas(clip) }
}

function toCanvas(image: ImageData): HTMLCanvasElement {
  const canvas = Object.assign(document.createElement('canvas'), { width: image.width, height: image.height })
  canvas.getContext('2d')!.putImageData(image, 0, 0)
  return canvas
}
