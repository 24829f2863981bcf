import type { Drag, Point, WarpMode } from '../../../src-shared/warp'
import { Store } from '../Store'
import type { DragPreviewer, DragSource, PreviewImage } from './dragSource'

/** A handle and where it should go, in document pixels. */
export interface DragPair {
  handle: Point
  target: Point
}

/** A point of the drag the pointer can pick up. */
export interface DragPoint {
  kind: 'handle' | 'target' | 'pin'
  index: number
}

export interface DragState {
  pairs: DragPair[]
  /** Points that stay where they are, in document pixels. */
  pins: Point[]
  mode: WarpMode
  /** Fill the ground the drag uncovers with content-aware fill. */
  fill: boolean
  /** Only the mask layer's area may move. */
  limitToMask: boolean
  /** With no pins and no mask limit, only content within this many document pixels of a handle moves. */
  radius: number
  /** Where the pointer is over the canvas, for the radius circle before a handle is placed. */
  pointer?: Point
  /** The layer warped at screen resolution, shown in its place until the drag is applied. */
  preview?: PreviewImage
}

/** The radius a drag starts with, and its limits, in document pixels ([ and ] change it by a quarter). */
export const DEFAULT_RADIUS = 150
const MIN_RADIUS = 4
const MAX_RADIUS = 10_000

const initial: DragState = { pairs: [], pins: [], mode: 'rigid', fill: true, limitToMask: false, radius: DEFAULT_RADIUS }

/** Whether the radius limits the drag: only with no pins and no mask limit, where nothing else holds the rest still. */
export const radiusApplies = (state: DragState) => state.pins.length === 0 && !state.limitToMask

/**
 * The GPU preview's resolution while a point is being moved, as a fraction of the screen's: a quarter of the
 * pixels. Where WebGL runs on the CPU (SwiftShader: no GPU, or a blocklisted one) every pixel costs, and at full
 * resolution a frame cannot keep up with the pointer; as Photoshop's Liquify does, the moving preview is coarser.
 */
export const MOVING_RESOLUTION = 0.5

/** How long the moved point must rest (ms) before the preview is drawn again at full resolution. */
const REST_MS = 120

/**
 * The drag the drag tool is building, kept until it is applied or cleared. Every change is previewed on the next
 * animation frame, so a burst of pointer moves costs one solve. While a point moves the preview is drawn at
 * MOVING_RESOLUTION, and once it rests, at the screen's.
 */
export class DragSession extends Store<DragState> {
  private frame: unknown
  /** The resolution the scheduled frame draws at: full unless every change since the last frame was a move. */
  private resolution = 1
  private rest: ReturnType<typeof setTimeout> | undefined

  /** `viewChanges` tells of a zoom, a pan or a resized viewport, which the GPU preview must draw anew. */
  constructor(
    private readonly source: () => DragSource | undefined,
    viewChanges: { subscribe: (listener: () => void) => unknown },
    private readonly previewer: DragPreviewer,
  ) {
    super(initial)
    viewChanges.subscribe(() => this.refresh())
  }

  /** Starts a pair at `point`; answers its target, which the pointer then carries. */
  placeHandle(point: Point): DragPoint {
    const { pairs } = this.get()
    this.change({ pairs: [...pairs, { handle: point, target: point }] })
    return { kind: 'target', index: pairs.length }
  }

  addPin(point: Point): void {
    this.change({ pins: [...this.get().pins, point] })
  }

  move({ kind, index }: DragPoint, to: Point): void {
    const { pairs, pins } = this.get()
    if (kind === 'pin') this.change({ pins: pins.map((pin, i) => (i === index ? to : pin)) }, MOVING_RESOLUTION)
    else this.change({ pairs: pairs.map((pair, i) => (i === index ? { ...pair, [kind]: to } : pair)) }, MOVING_RESOLUTION)
  }

  /** Removes a pin, or the pair a handle or target belongs to. */
  remove({ kind, index }: DragPoint): void {
    const { pairs, pins } = this.get()
    if (kind === 'pin') this.change({ pins: pins.filter((_, i) => i !== index) })
    else this.change({ pairs: pairs.filter((_, i) => i !== index) })
  }

  /** The point within `radius` of `at`; targets first, as they are drawn on top. */
  pointAt(at: Point, radius: number): DragPoint | undefined {
    const near = (p: Point) => Math.hypot(p.x - at.x, p.y - at.y) <= radius
    const { pairs, pins } = this.get()
    for (const kind of ['target', 'handle'] as const) {
      const index = pairs.findIndex((pair) => near(pair[kind]))
      if (index >= 0) return { kind, index }
    }
    const pin = pins.findIndex(near)
    return pin >= 0 ? { kind: 'pin', index: pin } : undefined
  }

  setOptions(change: Partial<Pick<DragState, 'mode' | 'fill' | 'limitToMask'>>): void {
    this.change(change)
  }

  setRadius(radius: number): void {
    this.change({ radius: Math.round(Math.min(MAX_RADIUS, Math.max(MIN_RADIUS, radius))) })
  }

  /** Follows the pointer over the canvas (undefined when it leaves), for the circle; no preview is redrawn. */
  hover(pointer: Point | undefined): void {
    this.set({ ...this.get(), pointer })
  }

  /** Puts a recorded drag (layer pixels) back, on `layer`, to be edited and applied again. */
  load(drag: Drag & { fill: boolean; limitToMask: boolean }, layer: { offsetX: number; offsetY: number }): void {
    const inDocument = (p: Point) => ({ x: p.x + layer.offsetX, y: p.y + layer.offsetY })
    const pairs = drag.handles.map((handle, i) => ({ handle: inDocument(handle), target: inDocument(drag.targets[i]!) }))
    this.change({ pairs, pins: drag.pins.map(inDocument), mode: drag.mode, fill: drag.fill, limitToMask: drag.limitToMask, radius: drag.radius ?? this.get().radius })
  }

  /** The drag in `layer`'s own pixels, as warp.apply takes it: with its radius where the radius applies. */
  inLayer(layer: { offsetX: number; offsetY: number }): { handles: Point[]; targets: Point[]; pins: Point[]; mode: WarpMode; radius?: number } {
    const inLayer = (p: Point) => ({ x: p.x - layer.offsetX, y: p.y - layer.offsetY })
    const state = this.get()
    const { pairs, pins, mode, radius } = state
    return {
      handles: pairs.map((pair) => inLayer(pair.handle)),
      targets: pairs.map((pair) => inLayer(pair.target)),
      pins: pins.map(inLayer),
      mode,
      ...(radiusApplies(state) && { radius }),
    }
  }

  /** Drops the pairs and pins; the options stay as the user set them. */
  clear(): void {
    this.previewer.forget()
    this.change({ pairs: [], pins: [] })
  }

  /** Previews again after the layer's pixels or the view changed under the drag (an undo, a refresh, a zoom). */
  refresh(): void {
    if (this.get().pairs.length > 0) this.schedulePreview()
  }

  private change(change: Partial<DragState>, resolution = 1): void {
    this.set({ ...this.get(), ...change })
    this.schedulePreview(resolution)
  }

  private schedulePreview(resolution = 1): void {
    clearTimeout(this.rest)
    this.rest = undefined
    if (this.frame !== undefined) {
      this.resolution = Math.max(this.resolution, resolution)
      return
    }
    this.resolution = resolution
    this.frame = nextFrame(() => {
      this.frame = undefined
      const source = this.source()
      const state = this.get()
      const preview =
        source && state.pairs.length > 0 ? this.previewer.render(source, this.inLayer(source.layer), state.limitToMask, this.resolution) : undefined
      this.set({ ...this.get(), preview })
      if (preview && preview.resolution < 1) this.rest = setTimeout(() => this.schedulePreview(), REST_MS)
    })
  }
}

/** The next animation frame, or where there is none (Node) the next turn of the event loop. */
const nextFrame = (run: () => void): unknown => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : setTimeout(run, 0))
