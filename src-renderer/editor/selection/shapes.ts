export type SelectionShape =
  | { kind: 'rectangle' | 'ellipse'; x: number; y: number; width: number; height: number }
  | { kind: 'lasso'; points: number[] }

/** A rectangle from two corners, whichever way the drag went. */
export function dragRectangle(from: { x: number; y: number }, to: { x: number; y: number }) {
  return { x: Math.min(from.x, to.x), y: Math.min(from.y, to.y), width: Math.abs(to.x - from.x), height: Math.abs(to.y - from.y) }
}
