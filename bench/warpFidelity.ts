/**
 * Fidelity of drag to deform on the places-object photos: each object, cut out by its mask, is moved, rotated and
 * scaled by a known amount to make the ground truth, and the drag tool is given points on the object and where
 * they go.
 */
import { readdirSync } from 'node:fs'
import sharp from 'sharp'
import { warp } from '../src-main/compute-host/engines/warp/warp'
import type { Point, WarpRegion } from '../src-shared/warp'
import { evalDir } from '../tests/fixtures/evalSet'
import { round } from './measure'

const noContext = { progress: () => {}, checkpoint: async () => {} }

interface Photo {
  width: number
  height: number
  rgba: Uint8Array
  /** 1 where the object is. */
  object: Uint8Array
}

/** A known similarity about the object's centre: what the ground truth applies and the drag should reproduce. */
interface Motion {
  name: string
  shift: Point
  angle: number
  scale: number
}

const motions: Motion[] = [
  { name: 'move', shift: { x: 0.08, y: -0.05 }, angle: 0, scale: 1 },
  { name: 'rotate 15°', shift: { x: 0, y: 0 }, angle: (15 * Math.PI) / 180, scale: 1 },
  { name: 'scale 1.2', shift: { x: 0, y: 0 }, angle: 0, scale: 1.2 },
  { name: 'move, rotate −10° and scale 0.9', shift: { x: -0.06, y: 0.04 }, angle: (-10 * Math.PI) / 180, scale: 0.9 },
]

/**
 * For each places-object photo and motion: the ground truth pastes the object (bilinear) where the motion takes
 * it; the drag tool gets points on the object and their moved positions, pins around the region, and runs at full
 * quality. Scores: PSNR over the object's new place (2 px in from its edge) against the ground truth, beside the
 * PSNR of not warping at all; and how far from each target the handle's content landed (9×9 patch matched within
 * 8 px of the target).
 */
/** Handles per side of the lattice laid over the object. */
const HANDLE_LATTICE = 8

export async function fidelity() {
  const names = readdirSync(`${evalDir}places-object/images`).filter((name) => name.endsWith('.png'))
  const photos = await Promise.all(names.map(loadPhoto))
  const byMotion: Record<string, unknown> = {}
  for (const motion of motions) {
    const scores: Awaited<ReturnType<typeof scoreDrag>>[] = []
    for (const photo of photos) scores.push(await scoreDrag(photo, motion))
    const mean = (pick: (s: (typeof scores)[number]) => number) => round(scores.reduce((sum, s) => sum + pick(s), 0) / scores.length)
    byMotion[motion.name] = {
      psnrDb: mean((s) => s.psnr),
      noWarpPsnrDb: mean((s) => s.noWarpPsnr),
      landingErrorPx: mean((s) => s.landing),
      limitFactor: mean((s) => s.limitFactor),
    }
  }
  return { photos: photos.length, ...byMotion }
}

async function loadPhoto(name: string): Promise<Photo> {
  const { data, info } = await sharp(`${evalDir}places-object/images/${name}`).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  const mask = await sharp(`${evalDir}places-object/masks/${name}`).greyscale().raw().toBuffer()
  return { width: info.width, height: info.height, rgba: new Uint8Array(data), object: Uint8Array.from(mask, (v) => (v >= 128 ? 1 : 0)) }
}

async function scoreDrag(photo: Photo, motion: Motion) {
  const { width, height, rgba, object } = photo
  const box = bounds(object, width, height)
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
  const shift = { x: motion.shift.x * width, y: motion.shift.y * height }
  const cos = motion.scale * Math.cos(motion.angle)
  const sin = motion.scale * Math.sin(motion.angle)
  const forward = (p: Point): Point => ({
    x: centre.x + shift.x + cos * (p.x - centre.x) - sin * (p.y - centre.y),
    y: centre.y + shift.y + sin * (p.x - centre.x) + cos * (p.y - centre.y),
  })
  const backward = (p: Point): Point => {
    const u = p.x - centre.x - shift.x
    const v = p.y - centre.y - shift.y
    const k = motion.scale * motion.scale
    return { x: centre.x + (cos * u + sin * v) / k, y: centre.y + (-sin * u + cos * v) / k }
  }

  // Ground truth: the object where the motion takes it, over the untouched photo.
  const truth = rgba.slice()
  const place = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = backward({ x, y })
      if (!insideObject(object, width, height, from)) continue
      place[y * width + x] = 1
      truth.set(bilinear(rgba, width, height, from), (y * width + x) * 4)
    }
  }

  // The drag: handles on an 8×8 lattice over the object's box where they fall on the object, pins along the region's border.
  const handles: Point[] = []
  for (let v = 0; v <= HANDLE_LATTICE; v++) {
    for (let u = 0; u <= HANDLE_LATTICE; u++) {
      const p = { x: Math.round(box.x + (u * (box.width - 1)) / HANDLE_LATTICE), y: Math.round(box.y + (v * (box.height - 1)) / HANDLE_LATTICE) }
      if (object[p.y * width + p.x]) handles.push(p)
    }
  }
  if (handles.length === 0) handles.push({ x: Math.round(centre.x), y: Math.round(centre.y) })
  const targets = handles.map(forward)
  const moved = [box, boxOf([forward({ x: box.x, y: box.y }), forward({ x: box.x + box.width, y: box.y + box.height }), forward({ x: box.x + box.width, y: box.y }), forward({ x: box.x, y: box.y + box.height })])]
  // Pins twice as far out as the object travels: the background between must absorb the motion without folding.
  const travel = Math.max(...handles.map((p, i) => Math.hypot(targets[i]!.x - p.x, targets[i]!.y - p.y)))
  const margin = Math.round(2 * travel) + 16
  const around = unionExpanded(moved, margin)
  const rect = clip(around, width, height)
  const region: WarpRegion = { rect, mask: new Uint8Array(rect.width * rect.height).fill(255), feather: 16 }
  // Pins only on the photo: where the rectangle runs off it, the photo's edge is no wall to push against.
  const pins = borderPins(around, 32).filter((p) => p.x >= 0 && p.y >= 0 && p.x < width && p.y < height)
  const result = await warp({ width, height, rgba, handles, targets, pins, mode: 'similarity', region, fill: false }, noContext)

  const inner = erode(place, width, height, 2)
  return {
    psnr: psnr(result.rgba, truth, inner),
    noWarpPsnr: psnr(rgba, truth, inner),
    landing: handles.reduce((sum, p, i) => sum + landingError(rgba, result.rgba, width, height, p, targets[i]!), 0) / handles.length,
    limitFactor: result.limitFactor,
  }
}

/** Pins every `step` pixels around a rectangle's border: the drag fades out inside the region, not at its edge. */
function borderPins(rect: { x: number; y: number; width: number; height: number }, step: number): Point[] {
  const right = rect.x + rect.width - 1
  const bottom = rect.y + rect.height - 1
  const pins: Point[] = []
  for (let x = rect.x; x < right; x += step) pins.push({ x, y: rect.y }, { x, y: bottom })
  for (let y = rect.y + step; y < bottom; y += step) pins.push({ x: rect.x, y }, { x: right, y })
  pins.push({ x: right, y: rect.y }, { x: right, y: bottom })
  return pins
}

function bounds(mask: Uint8Array, width: number, height: number) {
  let [x0, y0, x1, y1] = [width, height, -1, -1]
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue
      x0 = Math.min(x0, x)
      y0 = Math.min(y0, y)
      x1 = Math.max(x1, x)
      y1 = Math.max(y1, y)
    }
  }
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 }
}

const boxOf = (points: Point[]) => {
  const xs = points.map((p) => p.x)
  const ys = points.map((p) => p.y)
  return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) }
}

function unionExpanded(boxes: { x: number; y: number; width: number; height: number }[], margin: number) {
  const x0 = Math.floor(Math.min(...boxes.map((b) => b.x)) - margin)
  const y0 = Math.floor(Math.min(...boxes.map((b) => b.y)) - margin)
  const x1 = Math.ceil(Math.max(...boxes.map((b) => b.x + b.width)) + margin)
  const y1 = Math.ceil(Math.max(...boxes.map((b) => b.y + b.height)) + margin)
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}

function clip(rect: { x: number; y: number; width: number; height: number }, width: number, height: number) {
  const x = Math.max(0, rect.x)
  const y = Math.max(0, rect.y)
  return { x, y, width: Math.min(width, rect.x + rect.width) - x, height: Math.min(height, rect.y + rect.height) - y }
}

function insideObject(object: Uint8Array, width: number, height: number, p: Point): boolean {
  const x = Math.round(p.x)
  const y = Math.round(p.y)
  return x >= 0 && y >= 0 && x < width && y < height && object[y * width + x] === 1
}

function bilinear(rgba: Uint8Array, width: number, height: number, p: Point): number[] {
  const x0 = Math.min(Math.max(Math.floor(p.x), 0), width - 2)
  const y0 = Math.min(Math.max(Math.floor(p.y), 0), height - 2)
  const fx = Math.min(Math.max(p.x - x0, 0), 1)
  const fy = Math.min(Math.max(p.y - y0, 0), 1)
  const at = (x: number, y: number, c: number) => rgba[(y * width + x) * 4 + c]!
  return [0, 1, 2, 3].map((c) =>
    Math.round((at(x0, y0, c) * (1 - fx) + at(x0 + 1, y0, c) * fx) * (1 - fy) + (at(x0, y0 + 1, c) * (1 - fx) + at(x0 + 1, y0 + 1, c) * fx) * fy),
  )
}

function erode(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const out = new Uint8Array(mask.length)
  for (let y = radius; y < height - radius; y++) {
    for (let x = radius; x < width - radius; x++) {
      let all = 1
      for (let v = -radius; v <= radius && all; v++) for (let u = -radius; u <= radius && all; u++) all = mask[(y + v) * width + x + u]!
      out[y * width + x] = all
    }
  }
  return out
}

function psnr(a: Uint8Array, b: Uint8Array, where: Uint8Array): number {
  let squared = 0
  let count = 0
  for (let i = 0; i < where.length; i++) {
    if (!where[i]) continue
    for (let c = 0; c < 3; c++) squared += (a[i * 4 + c]! - b[i * 4 + c]!) ** 2
    count += 3
  }
  return squared === 0 ? 99 : 10 * Math.log10((255 * 255 * count) / squared)
}

/** Distance from `target` to where the 9×9 patch around `handle` in `before` best matches in `after`, searched within 8 px. */
function landingError(before: Uint8Array, after: Uint8Array, width: number, height: number, handle: Point, target: Point): number {
  const r = 4
  const reach = 8
  const at = (cx: number, cy: number, dx: number, dy: number) => {
    const x = Math.min(Math.max(cx + dx, 0), width - 1)
    const y = Math.min(Math.max(cy + dy, 0), height - 1)
    return (y * width + x) * 4
  }
  const hx = Math.round(handle.x)
  const hy = Math.round(handle.y)
  let best = { cost: Infinity, x: 0, y: 0 }
  for (let sy = Math.round(target.y) - reach; sy <= Math.round(target.y) + reach; sy++) {
    for (let sx = Math.round(target.x) - reach; sx <= Math.round(target.x) + reach; sx++) {
      let cost = 0
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const i = at(hx, hy, dx, dy)
          const j = at(sx, sy, dx, dy)
          for (let c = 0; c < 3; c++) cost += (before[i + c]! - after[j + c]!) ** 2
        }
      }
      if (cost < best.cost) best = { cost, x: sx, y: sy }
    }
  }
  return Math.hypot(best.x - target.x, best.y - target.y)
}
