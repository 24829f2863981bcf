import type { Rect } from '../../src-shared/contract'

/** A brush or eraser gesture in document pixels: a polyline drawn with round caps and joins. */
export interface Stroke {
  /** Brush and eraser paint the active raster layer; mask and maskEraser paint the mask layer. */
  mode: 'brush' | 'eraser' | 'mask' | 'maskEraser'
  size: number
  /** 1 draws a hard edge; lower values soften it over that fraction of the radius. */
  hardness: number
  opacity: number
  /** CSS colour, e.g. '#ff0000'; ignored by the erasers, fixed for the mask. */
  colour: string
  /** x0, y0, x1, y1, … */
  points: number[]
  /** Pen pressure (0–1] per point; the stroke is as wide as size × pressure there. */
  pressures: number[]
}

/**
 * A mask is its alpha: 255 repaints, 0 keeps. It is painted in one colour so that drawing the mask layer at
 * half opacity is the translucent overlay the user sees, with no per-frame tinting.
 */
export const MASK_COLOUR = '#ff2d55'

export const isErasing = (stroke: Pick<Stroke, 'mode'>) => stroke.mode === 'eraser' || stroke.mode === 'maskEraser'

/** The pixels a stroke can touch, clipped to the layer; undefined when it misses the layer entirely. */
export function strokeBounds(stroke: Stroke, layer: { width: number; height: number; offsetX: number; offsetY: number }): Rect | undefined {
  const xs = stroke.points.filter((_, i) => i % 2 === 0)
  const ys = stroke.points.filter((_, i) => i % 2 === 1)
  const reach = stroke.size / 2 + 1
  const left = Math.max(0, Math.floor(Math.min(...xs) - reach - layer.offsetX))
  const top = Math.max(0, Math.floor(Math.min(...ys) - reach - layer.offsetY))
  const right = Math.min(layer.width, Math.ceil(Math.max(...xs) + reach - layer.offsetX))
  const bottom = Math.min(layer.height, Math.ceil(Math.max(...ys) + reach - layer.offsetY))
  return right > left && bottom > top ? { x: left, y: top, width: right - left, height: bottom - top } : undefined
}

/**
 * Paints a stroke into a layer's canvas the way the overlay showed it, inside the selection when there is one. The stroke is drawn at full alpha on its
 * own canvas first and then laid down once at the stroke's opacity, so overlapping segments don't build up.
 */
export function rasterizeStroke(target: HTMLCanvasElement, stroke: Stroke, offset: { x: number; y: number }, bounds: Rect, clip?: HTMLCanvasElement): void {
  const scratch = Object.assign(document.createElement('canvas'), { width: bounds.width, height: bounds.height })
  const pen = scratch.getContext('2d')!
  pen.translate(-bounds.x - offset.x, -bounds.y - offset.y)
  pen.strokeStyle = pen.fillStyle = stroke.mode === 'mask' ? MASK_COLOUR : stroke.colour
  pen.lineCap = pen.lineJoin = 'round'
  // A soft brush is a narrower hard one blurred over the rest of its radius.
  const soft = (stroke.size / 2) * (1 - stroke.hardness)
  if (soft > 0.5) pen.filter = `blur(${soft / 2}px)`
  const width = (i: number) => Math.max(1, (stroke.size - soft) * (stroke.pressures[i / 2] ?? 1))
  if (stroke.points.length === 2) {
    // A single click is a dot: a zero-length line with round caps draws nothing in every browser.
    pen.beginPath()
    pen.arc(stroke.points[0]!, stroke.points[1]!, width(0) / 2, 0, Math.PI * 2)
    pen.fill()
  }
  // Segment by segment, each as wide as the pressure at its end asks.
  for (let i = 2; i < stroke.points.length; i += 2) {
    pen.beginPath()
    pen.lineWidth = width(i)
    pen.moveTo(stroke.points[i - 2]!, stroke.points[i - 1]!)
    pen.lineTo(stroke.points[i]!, stroke.points[i + 1]!)
    pen.stroke()
  }
  pen.filter = 'none'
  if (clip) {
    // Paint only inside the selection: keep the stroke where the selection's coverage is.
    pen.setTransform(1, 0, 0, 1, 0, 0)
    pen.globalCompositeOperation = 'destination-in'
    pen.drawImage(clip, -bounds.x - offset.x, -bounds.y - offset.y)
  }

  const layer = target.getContext('2d')!
  layer.save()
  layer.globalAlpha = stroke.opacity
  layer.globalCompositeOperation = isErasing(stroke) ? 'destination-out' : 'source-over'
  layer.drawImage(scratch, bounds.x, bounds.y)
  layer.restore()
}
