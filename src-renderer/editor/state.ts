import type { AppError, AppErrorData, DocumentInfo, HistoryEntry, JobInfo, LayerInfo } from '../../src-shared/contract'
import type { ApiClient } from '../transport/apiClient'
import type { PixelBackend, Raster } from './raster'
import type { Coverage } from './selection/coverage'
import type { SelectionShape } from './selection/shapes'
import type { Store } from './Store'
import type { Stroke } from './strokes'
import type { ToolName } from './tools/tool'

export interface BrushSettings {
  size: number
  hardness: number
  opacity: number
  colour: string
}

export interface SelectionState {
  coverage: Coverage
  /** The edge as segments [x1, y1, x2, y2, …] in document pixels, drawn as marching ants. */
  outline: Float32Array
}

/** What a gesture shows while it lasts: it changes on every pointer move, so it has a store of its own. */
export interface Gesture {
  /** The stroke being painted, shown over the canvas until it is part of the layer. */
  stroke?: Stroke
  /** The outline of a selection being dragged. */
  selectionDraft?: SelectionShape
  /** The polygonal lasso's vertices so far, and the pointer the open edge follows. */
  polygonDraft?: { points: number[]; pointer: { x: number; y: number } }
  /** The active layer's offset while the move tool drags it, before the move is a version. */
  moving?: { layerId: string; dx: number; dy: number }
  /** A layer property being changed (the opacity slider held), shown before it is a version. */
  layerChange?: { layerId: string; changes: Partial<LayerInfo> }
}

export interface EditorState {
  document?: DocumentInfo
  /** The layer the layers panel has selected; brush and eraser paint on it when it is a raster layer. */
  activeLayerId?: string
  /** The pixels of each layer shown, by layer id; the parent version's while comparing. */
  rasters: Map<string, Raster>
  /**
   * An opened photo's screen-sized preview (WebP), drawn at the document's size while its full-size pixels are
   * stored and fetched; gone once they are in the rasters.
   */
  firstView?: { documentId: string; bytes: Uint8Array }
  /** Bumped whenever raster pixels change in place, so views redraw. */
  pixelsRevision: number
  /** Set while the canvas shows the head's parent version instead of the head ("before"). */
  comparing?: { versionId: number }
  history: HistoryEntry[]
  tool: ToolName
  brush: BrushSettings
  selection?: SelectionState
  /** The magic wand's settings; `sampleAll` samples what all visible layers show, not the active layer alone. */
  wand: { tolerance: number; contiguous: boolean; sampleAll: boolean }
  /** How many pixels Grow, Shrink and Feather act by. */
  selectionAmount: number
  /** Work queued or running on the compute host, as main reports it. */
  jobs: JobInfo[]
  dialog?: 'models' | 'shortcuts' | 'about' | 'batch' | 'removeBackground'
  /** 'content-aware', or the id of an installed LaMa or MI-GAN pack. */
  removalEngine: string
  /** The layer whose layer mask the brush and eraser paint (its mask thumbnail clicked); undefined: its pixels. */
  maskTarget?: string
  /** Whether the canvas shows the AI mask; Remove hides it so the result can be judged. */
  maskShown: boolean
  /** A passing message for the status bar: an i18n key and its values. */
  notice?: { key: string; values: Record<string, string> }
  /** What the editor is doing now, as an i18n key; undefined when idle. */
  busy?: string
  error?: AppErrorData
}

/** What may refuse an edit of a layer besides a read-only project and a compare in progress (the one guard). */
export interface EditChecks {
  locked?: boolean
  hidden?: boolean
  empty?: boolean
}

/** The part of the editor its managers share: the state store, errors, the guard, and the interface's words. */
export interface EditorContext {
  readonly api: ApiClient
  readonly pixels: PixelBackend
  readonly gesture: Store<Gesture>
  getState(): EditorState
  update(change: Partial<EditorState>): void
  showError(error: unknown): void
  notify(key: string, values?: Record<string, string>): void
  /** Shows `error` and answers false. */
  refuse(error: AppError): false
  /** The one guard: whether `layer` may be edited now; says why not when it may not. */
  mayEdit(layer: LayerInfo | undefined, checks?: EditChecks): boolean
  /** Runs `work` with `busy` in the status bar; a failure is shown and answers undefined. */
  task<T>(busy: string, work: () => Promise<T>): Promise<T | undefined>
  words(key: string, values?: Record<string, unknown>): string
}
