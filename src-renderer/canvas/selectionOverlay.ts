import type { Coverage } from '../editor/selection/coverage'

/** What the canvas draws over a selection, selected pixels tinted; made once per selection. */
const overlays = new WeakMap<Coverage, HTMLCanvasElement>()

export function selectionOverlay(selection: Coverage): HTMLCanvasElement {
  let canvas = overlays.get(selection)
  if (!canvas) {
    const { width, height, alpha } = selection
    const overlay = new ImageData(width, height)
    for (let i = 0; i < width * height; i++) if (alpha[i]! >= 128) overlay.data.set([76, 141, 255, 60], i * 4)
    canvas = Object.assign(document.createElement('canvas'), { width, height })
    canvas.getContext('2d')!.putImageData(overlay, 0, 0)
    overlays.set(selection, canvas)
  }
  return canvas
}
