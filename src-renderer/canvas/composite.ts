import type { LayerInfo, Rect } from '../../src-shared/contract'
import { canvasRaster, type LayerRaster } from '../editor/LayerRaster'
import type { Raster } from '../editor/raster'
import { Store } from '../editor/Store'

/** A composite ready to draw: `canvas` is the document at 1/`scale` of its size. */
export interface Composite {
  canvas: HTMLCanvasElement
  scale: number
}

interface Built {
  canvas: HTMLCanvasElement
  /** Each raster and its revision when the composite last matched it. */
  sources: Map<LayerRaster, number>
}

interface Building extends Built {
  nextRow: number
}

/** One band of rows is sized to take about this long, at the drawing rate measured on the bands before it. */
const BAND_MS = 4
/** Layer pixels blended per millisecond before anything is measured: a slow machine's rate, so the first band is short. */
const FIRST_RATE = 20_000
/** A change bigger than this share of the document rebuilds a composite instead of patching it in place. */
const PATCH_LIMIT = 0.25

/**
 * The visible raster layers blended into one canvas per pyramid level, so panning and zooming draw one image per
 * frame instead of one per layer. Levels are built off-frame, a band of rows per idle moment: the level the zoom
 * wants first, then the others nearest first, so a later zoom finds its level ready. Until the wanted level is
 * built the view shows the nearest built one, scaled as a mipmap would be; a frame never waits on a build. A
 * stroke patches every built level over the rectangle it changed. The blend is the canvas's own
 * (globalCompositeOperation), the same the per-layer drawing uses, so the result looks the same.
 */
export class LayerComposites {
  /** Bumped when a level finishes building, so the canvas re-renders to show it. */
  readonly ready = new Store(0)
  private stackKey = ''
  private scene: Scene | undefined
  private levels = new Map<number, Built>()
  /** Levels begun and not finished, kept to be resumed when the zoom comes back to them. */
  private partial = new Map<number, Building>()
  private wanted = 0
  private levelCount = 0
  private scheduled = false
  private pixelsPerMs = FIRST_RATE

  constructor(private readonly request = idleRequest) {}

  /**
   * The composite to draw at pyramid `level` (of `levelCount`) now: that level when it is built, else the nearest
   * built one; undefined when none shows the current layers yet (draw each layer instead).
   */
  show(document: { width: number; height: number; layers: LayerInfo[] }, rasters: Map<string, Raster>, level: number, levelCount: number): Composite | undefined {
    const layers = document.layers.filter((layer) => layer.kind === 'raster' && layer.visible && canvasRaster(rasters.get(layer.id))?.pyramid)
    const key = JSON.stringify([document.width, document.height, layers.map(({ id, width, height, offsetX, offsetY, opacity, blendMode }) => [id, width, height, offsetX, offsetY, opacity, blendMode])])
    if (key !== this.stackKey) this.restart(key)
    this.scene = { width: document.width, height: document.height, layers: layers.map((layer) => ({ layer, raster: canvasRaster(rasters.get(layer.id))! })) }
    for (const [builtLevel, built] of this.levels) if (!this.catchUp(built, builtLevel, this.scene)) this.levels.delete(builtLevel)
    this.wanted = level
    this.levelCount = levelCount
    this.schedule()
    const nearest = [...this.levels.keys()].sort((a, b) => Math.abs(a - level) - Math.abs(b - level))[0]
    return nearest === undefined ? undefined : { canvas: this.levels.get(nearest)!.canvas, scale: 2 ** nearest }
  }

  dispose(): void {
    this.restart('')
    this.scene = undefined
  }

  private restart(key: string): void {
    this.stackKey = key
    this.levels.clear()
    this.partial.clear()
  }

  /** Patches `built` over what its rasters changed since; false when that is too much (or unknown) to patch. */
  private catchUp(built: Built, level: number, scene: Scene): boolean {
    let damage: Rect | undefined
    for (const { layer, raster } of scene.layers) {
      const revision = built.sources.get(raster)
      if (revision === undefined) return false
      const changed = raster.changedSince(revision)
      if (changed === 'unknown') return false
      if (changed) damage = union(damage, { ...changed, x: changed.x + layer.offsetX, y: changed.y + layer.offsetY })
    }
    if (!damage) return true
    if (damage.width * damage.height > PATCH_LIMIT * scene.width * scene.height) return false
    const scale = 2 ** -level
    const x = Math.max(0, Math.floor(damage.x * scale) - 1)
    const y = Math.max(0, Math.floor(damage.y * scale) - 1)
    drawScene(built.canvas, scene, level, { x, y, width: Math.ceil((damage.x + damage.width) * scale) + 1 - x, height: Math.ceil((damage.y + damage.height) * scale) + 1 - y })
    built.sources = revisions(scene)
    return true
  }

  /** The level to work on next: the wanted one, else the unbuilt one nearest to it; undefined when all are built. */
  private nextLevel(): number | undefined {
    const unbuilt = Array.from({ length: this.levelCount }, (_, level) => level).filter((level) => !this.levels.has(level))
    return unbuilt.sort((a, b) => Math.abs(a - this.wanted) - Math.abs(b - this.wanted))[0]
  }

  private schedule(): void {
    if (this.scheduled || this.nextLevel() === undefined) return
    this.scheduled = true
    this.request((deadline) => {
      this.scheduled = false
      this.slice(deadline)
      this.schedule()
    })
  }

  /** Draws bands of the next level while the next band, at the rate measured so far, fits in the idle time left. */
  private slice(deadline: IdleDeadline): void {
    const scene = this.scene
    const level = this.nextLevel()
    if (!scene || level === undefined) return
    const building = this.partial.get(level) ?? this.begin(level, scene)
    const { canvas } = building
    const layers = Math.max(1, scene.layers.length)
    while (building.nextRow < canvas.height && deadline.timeRemaining() > BAND_MS) {
      const rows = Math.max(1, Math.min(canvas.height - building.nextRow, Math.round((this.pixelsPerMs * BAND_MS) / (canvas.width * layers))))
      const started = performance.now()
      drawScene(canvas, scene, level, { x: 0, y: building.nextRow, width: canvas.width, height: rows })
      // The canvas records draws and rasterises them when its pixels are next needed, which would be the next
      // frame's work; reading one pixel rasterises them now, inside this slice.
      canvas.getContext('2d')!.getImageData(0, building.nextRow, 1, 1)
      building.nextRow += rows
      this.pixelsPerMs = (canvas.width * layers * rows) / Math.max(0.1, performance.now() - started)
    }
    if (building.nextRow < canvas.height) return
    // Pixels that changed while it was built are patched by the next show's catch-up.
    this.partial.delete(level)
    this.levels.set(level, { canvas, sources: building.sources })
    this.ready.set(this.ready.get() + 1)
  }

  private begin(level: number, scene: Scene): Building {
    const scale = 2 ** -level
    const canvas = Object.assign(document.createElement('canvas'), { width: Math.ceil(scene.width * scale), height: Math.ceil(scene.height * scale) })
    // Rasterised in memory from the start: a canvas first read back is moved there at once, a long pause.
    canvas.getContext('2d', { willReadFrequently: true })
    const building = { canvas, nextRow: 0, sources: revisions(scene) }
    this.partial.set(level, building)
    return building
  }
}

interface Scene {
  width: number
  height: number
  layers: { layer: LayerInfo; raster: LayerRaster }[]
}

/** Redraws `area` (pixels of the composite at `level`) from the layers' pyramid levels, bottom layer first. */
function drawScene(canvas: HTMLCanvasElement, scene: Scene, level: number, area: Rect): void {
  const scale = 2 ** -level
  const context = canvas.getContext('2d')!
  context.save()
  context.beginPath()
  context.rect(area.x, area.y, area.width, area.height)
  context.clip()
  context.clearRect(area.x, area.y, area.width, area.height)
  for (const { layer, raster } of scene.layers) {
    // A layer smaller than the document has fewer levels: its smallest one is scaled to fit.
    const levels = raster.pyramid!.levels
    const source = levels[Math.min(level, levels.length - 1)]!
    context.globalAlpha = layer.opacity
    context.globalCompositeOperation = layer.blendMode === 'normal' ? 'source-over' : layer.blendMode
    context.drawImage(source, layer.offsetX * scale, layer.offsetY * scale, layer.width * scale, layer.height * scale)
  }
  context.restore()
}

function revisions(scene: Scene): Map<LayerRaster, number> {
  return new Map(scene.layers.map(({ raster }) => [raster, raster.revision]))
}

function union(a: Rect | undefined, b: Rect): Rect {
  if (!a) return b
  const x = Math.min(a.x, b.x)
  const y = Math.min(a.y, b.y)
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y }
}

/**
 * Runs `work` when the browser is idle. A callback forced by a timeout during a continuous zoom has no idle time;
 * it still draws one band, so the build moves on.
 */
function idleRequest(work: (deadline: IdleDeadline) => void): void {
  requestIdleCallback(
    (deadline) => {
      const oneBand = performance.now() + BAND_MS + 1
      work(deadline.didTimeout ? { didTimeout: true, timeRemaining: () => oneBand - performance.now() } : deadline)
    },
    { timeout: 100 },
  )
}

/** Which pyramid level to draw at this zoom (0 = full size). */
export function levelIndex(pyramidWidth: number, levels: number, zoom: number): number {
  let index = 0
  while (index + 1 < levels && Math.ceil(pyramidWidth / 2 ** (index + 1)) >= pyramidWidth * zoom) index++
  return index
}
