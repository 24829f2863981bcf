/**
 * Photoshop's free transform of a layer, as pure geometry: the layer's box (its rectangle when the transform began)
 * scaled about its centre, rotated, and placed with its centre at `centre`. Every gesture makes a new value.
 */
export interface FreeTransform {
  layerId: string
  /** The layer's rectangle in document pixels when the transform began. */
  box: { x: number; y: number; width: number; height: number }
  scaleX: number
  scaleY: number
  /** Radians, clockwise on screen (y points down). */
  rotation: number
  /** Where the box's centre is now, in document pixels. */
  centre: { x: number; y: number }
}

type Point = { x: number; y: number }

/** A handle: -1, 0 or 1 along each of the box's axes (0, 0 is no handle). */
export interface Handle {
  x: -1 | 0 | 1
  y: -1 | 0 | 1
}

export const handles: Handle[] = [-1, 0, 1].flatMap((x) => [-1, 0, 1].filter((y) => x !== 0 || y !== 0).map((y) => ({ x, y }) as Handle))

const ROTATION_STEP = Math.PI / 12

export function beginTransform(layerId: string, box: FreeTransform['box']): FreeTransform {
  return { layerId, box, scaleX: 1, scaleY: 1, rotation: 0, centre: { x: box.x + box.width / 2, y: box.y + box.height / 2 } }
}

/** [a, b, c, d, e, f] mapping document points before the transform to after, as canvas setTransform takes it. */
export function transformMatrix(t: FreeTransform): [number, number, number, number, number, number] {
  const cos = Math.cos(t.rotation)
  const sin = Math.sin(t.rotation)
  const a = cos * t.scaleX
  const b = sin * t.scaleX
  const c = -sin * t.scaleY
  const d = cos * t.scaleY
  const cx = t.box.x + t.box.width / 2
  const cy = t.box.y + t.box.height / 2
  return [a, b, c, d, t.centre.x - a * cx - c * cy, t.centre.y - b * cx - d * cy]
}

/** Whether the transform changes nothing. */
export const isIdentity = (t: FreeTransform) => transformMatrix(t).every((value, i) => Math.abs(value - [1, 0, 0, 1, 0, 0][i]!) < 1e-9)

/** A point of the box (-1…1 along each axis from its centre) where the transform puts it. */
export function boxPoint(t: FreeTransform, u: number, v: number): Point {
  return local(t, { x: (u * t.box.width * t.scaleX) / 2, y: (v * t.box.height * t.scaleY) / 2 })
}

/** The transformed box's corners, clockwise from the top left. */
export const corners = (t: FreeTransform): Point[] => [boxPoint(t, -1, -1), boxPoint(t, 1, -1), boxPoint(t, 1, 1), boxPoint(t, -1, 1)]

/** Whether a document point lies inside the transformed box. */
export function contains(t: FreeTransform, point: Point): boolean {
  const p = unrotate(t, point)
  return Math.abs(p.x) <= Math.abs((t.box.width * t.scaleX) / 2) && Math.abs(p.y) <= Math.abs((t.box.height * t.scaleY) / 2)
}

/** Moves the box by whole pixels, so a transform that only moves the layer needs no resampling. */
export function moveBy(start: FreeTransform, dx: number, dy: number): FreeTransform {
  return { ...start, centre: { x: start.centre.x + Math.round(dx), y: start.centre.y + Math.round(dy) } }
}

/**
 * Drags `handle` to `pointer` with the opposite handle held still (Photoshop's anchor). `proportional` (Shift)
 * scales both axes by the same factor.
 */
export function scaleTo(start: FreeTransform, handle: Handle, pointer: Point, proportional: boolean): FreeTransform {
  const anchor = boxPoint(start, -handle.x, -handle.y)
  const v = rotate({ x: pointer.x - anchor.x, y: pointer.y - anchor.y }, -start.rotation)
  const width = start.box.width * start.scaleX
  const height = start.box.height * start.scaleY
  let fx = handle.x === 0 ? 1 : (v.x * handle.x) / width
  let fy = handle.y === 0 ? 1 : (v.y * handle.y) / height
  if (proportional) {
    // Along the handle's own direction: the diagonal for a corner, the axis for an edge.
    const dx = handle.x * width
    const dy = handle.y * height
    const f = (v.x * dx + v.y * dy) / (dx * dx + dy * dy)
    fx = f
    fy = f
  }
  // Never through zero: a layer scaled to nothing has no pixels to keep.
  const minimum = (size: number) => 1 / Math.max(1, size)
  fx = Math.sign(fx || 1) * Math.max(Math.abs(fx), minimum(width))
  fy = Math.sign(fy || 1) * Math.max(Math.abs(fy), minimum(height))
  const scaled = { ...start, scaleX: start.scaleX * fx, scaleY: start.scaleY * fy }
  // The centre sits half the new size from the anchor, along the handle's axes.
  const offset = rotate({ x: (handle.x * start.box.width * scaled.scaleX) / 2, y: (handle.y * start.box.height * scaled.scaleY) / 2 }, start.rotation)
  return { ...scaled, centre: { x: anchor.x + offset.x, y: anchor.y + offset.y } }
}

/** Turns the box about its centre by the angle the pointer swept from `from`; `snap` (Shift) keeps to 15° steps. */
export function rotateTo(start: FreeTransform, from: Point, pointer: Point, snap: boolean): FreeTransform {
  const angle = (p: Point) => Math.atan2(p.y - start.centre.y, p.x - start.centre.x)
  const rotation = start.rotation + angle(pointer) - angle(from)
  return { ...start, rotation: snap ? Math.round(rotation / ROTATION_STEP) * ROTATION_STEP : rotation }
}

function local(t: FreeTransform, p: Point): Point {
  const r = rotate(p, t.rotation)
  return { x: t.centre.x + r.x, y: t.centre.y + r.y }
}

function unrotate(t: FreeTransform, point: Point): Point {
  return rotate({ x: point.x - t.centre.x, y: point.y - t.centre.y }, -t.rotation)
}

function rotate(p: Point, angle: number): Point {
  const cos = Math.cos(angle)
  const sin = Math.sin(angle)
  return { x: p.x * cos - p.y * sin, y: p.x * sin + p.y * cos }
}
