import type { Coverage } from './coverage'

export type SelectionShape =
  | { kind: 'rectangle' | 'ellipse'; x: number; y: number; width: number; height: number }
  | { kind: 'lasso'; points: number[] }

/** Rasterises a shape into coverage with the canvas's own anti-aliased fill. */
export function shapeCoverage(shape: SelectionShape, width: number, height: number): Coverage {
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

/** A rectangle from two corners, whichever way the drag went. */
export function dragRectangle(from: { x: number; y: number }, to: { x: number; y: number }) {
  return { x: Math.min(from.x, to.x), y: Math.min(from.y, to.y), width: Math.abs(to.x - from.x), height: Math.abs(to.y - from.y) }
}
