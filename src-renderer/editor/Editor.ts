import { AppError, type LayerInfo, type Rect } from '../../src-shared/contract'
import type { ApiClient } from '../transport/apiClient'
import { BatchDesk } from './batch/BatchDesk'
import { DocumentSession } from './document/DocumentSession'
import { DragSession } from './drag/DragSession'
import type { DragPreviewer } from './drag/dragSource'
import { GenerationParameters } from './generation/GenerationParameters'
import { StagingArea } from './generation/StagingArea'
import { EditorJobs } from './jobs/EditorJobs'
import { ModelLibrary } from './models/ModelLibrary'
import { ProjectFiles } from './projects/ProjectFiles'
import type { PixelBackend } from './raster'
import type { PixelScans } from './scans/PixelScans'
import { ObjectSelection } from './selection/ObjectSelection'
import { SelectionManager } from './selection/SelectionManager'
import type { BrushSettings, EditChecks, EditorContext, EditorState, Gesture } from './state'
import { Store } from './Store'
import type { Tool, ToolName } from './tools/tool'
import type { FreeTransform } from './transform/freeTransform'
import { ViewStore } from './ViewStore'

export type { BrushSettings, EditorState, Gesture, SelectionState } from './state'
export type { Sampling } from './generation/GenerationParameters'

/** What the editor is made of that differs between the window and Node: its pixels, its scans, its tools. */
export interface EditorParts {
  pixels: PixelBackend
  scans: PixelScans
  dragPreview: DragPreviewer
  /** The tools, made for this editor (each owns its gesture); one per name. */
  tools: (editor: Editor) => Tool[]
}

/**
 * The editor core, apart from React and Konva, composed of parts as tldraw's Editor is of managers: the document
 * session (everything main knows of the document), the selection, the jobs, and the view. The Editor itself keeps
 * the state store, the tools and which is active, errors and notices, and the one guard on editing a layer.
 */
export class Editor implements EditorContext {
  private state: EditorState = {
    rasters: new Map(),
    pixelsRevision: 0,
    history: [],
    tool: 'hand',
    brush: { size: 24, hardness: 1, opacity: 1, colour: '#e5534b' },
    wand: { tolerance: 32, contiguous: true, sampleAll: false },
    selectionAmount: 8,
    jobs: [],
    removalEngine: 'content-aware',
    maskShown: true,
  }
  private readonly listeners = new Set<() => void>()
  readonly pixels: PixelBackend
  /** Zoom and pan, in a store of their own so that moving the view re-renders only the canvas. */
  readonly view = new ViewStore()
  readonly gesture = new Store<Gesture>({})
  /** The free transform being shaped (Ctrl/Cmd+T), in a store of its own: dragging a handle re-renders only the canvas. */
  readonly transform = new Store<FreeTransform | undefined>(undefined)
  /** The crop tool's box in document pixels (not yet whole ones), until Enter crops to it. */
  readonly crop = new Store<Rect | undefined>(undefined)
  readonly session: DocumentSession
  readonly selection: SelectionManager
  readonly jobs: EditorJobs
  /** The drag the drag tool is building, in a store of its own: moving a handle re-renders only the canvas. */
  readonly drag: DragSession
  /** The parameters panel's settings and presets; batch candidates and flagged results waiting for a choice. */
  readonly parameters: GenerationParameters
  readonly staging: StagingArea
  /** Installed packs, the catalog and installs in flight, as the Model manager and the panels show them. */
  readonly models: ModelLibrary
  /** Open, Save as and the recent projects. */
  readonly files: ProjectFiles
  /** The batch panel's recipe, photos and batches, kept current from main's batch events. */
  readonly batch: BatchDesk
  /** Select › Object's clicks, box and live mask, in a store of its own: hovering re-renders only the canvas. */
  readonly objectSelection: ObjectSelection
  private readonly tools: Map<ToolName, Tool>
  /**
   * The interface's words for the names the editor gives (a photo's layer, new layers): i18n keys in, text out. The
   * window sets it to its translation; a name is chosen once, when the layer is made, and kept in any language.
   */
  words: (key: string, values?: Record<string, unknown>) => string = (key) => key

  constructor(
    readonly api: ApiClient,
    parts: EditorParts,
  ) {
    this.pixels = parts.pixels
    const showError = (error: unknown) => this.showError(error)
    this.parameters = new GenerationParameters(api, showError)
    this.models = new ModelLibrary(api, () => void this.parameters.load().catch(showError))
    this.batch = new BatchDesk(api)
    this.staging = new StagingArea(api, { documentId: () => this.state.document?.id, refresh: () => this.session.refresh(), showError })
    this.drag = new DragSession(() => this.jobs.dragSource(), this.view, parts.dragPreview)
    this.session = new DocumentSession(this, this.view, {
      synced: () => this.drag.refresh(),
      switched: () => void this.staging.load().catch(showError),
      recentChanged: () => void this.files.refreshRecent(),
    })
    this.files = new ProjectFiles(this, this.session)
    this.objectSelection = new ObjectSelection(api, (sampleAll) => this.selection.objectSource(sampleAll), showError)
    this.selection = new SelectionManager(this, this.session, parts.scans, this.objectSelection)
    this.jobs = new EditorJobs(this, this.session, this.selection, this.drag, this.view, (layerId) => {
      this.setTool('drag')
      this.session.selectLayer(layerId)
    })
    api.onEvent((name, payload) => {
      if (name === 'generation.candidate') this.staging.receive(payload as never)
      if (name === 'models.installProgress') this.models.receive(payload as never)
    })
    this.tools = new Map(parts.tools(this).map((tool) => [tool.name, tool]))
  }

  getState = (): EditorState => this.state

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  update(change: Partial<EditorState>): void {
    this.state = { ...this.state, ...change }
    for (const listener of this.listeners) listener()
  }

  get tool(): Tool {
    return this.tools.get(this.state.tool)!
  }

  /** Makes `name` the active tool; the one it replaces abandons its gesture. A tool may refuse to start (Tool.onEnter). */
  setTool(name: ToolName): void {
    const leaving = this.tool
    const next = this.tools.get(name)!
    if (next.onEnter?.(this.state.tool) === false) return
    // Choosing a mask tool is choosing to see the mask.
    this.update({ tool: name, maskShown: this.state.maskShown || name === 'mask' || name === 'maskEraser' })
    if (leaving !== next) leaving.onCancel()
  }

  setBrush(change: Partial<BrushSettings>): void {
    const brush = { ...this.state.brush, ...change }
    this.update({ brush: { ...brush, size: Math.min(2000, Math.max(1, Math.round(brush.size))) } })
  }

  /** Shows or hides the AI mask over the canvas (Remove hides it; painting the mask shows it again). */
  toggleMask(shown = !this.state.maskShown): void {
    if (shown !== this.state.maskShown) this.update({ maskShown: shown })
  }

  openDialog(dialog: EditorState['dialog']): void {
    this.update({ dialog })
  }

  setRemovalEngine(engine: string): void {
    this.update({ removalEngine: engine })
  }

  /**
   * The one guard on editing a layer: a read-only project and a before/after compare refuse any edit; `checks` says
   * which of a locked, hidden or empty layer refuse this one (none without a layer). It shows why it refuses.
   */
  mayEdit(layer: LayerInfo | undefined, checks: EditChecks = {}): boolean {
    if (this.state.document?.readOnly) return this.refuse(new AppError('project.readOnly', 'This project is open read-only: use Save as to edit a copy.'))
    if (this.state.comparing) return this.refuse(new AppError('edit.whileComparing', 'Leave the before/after compare to edit.'))
    if (!layer) return true
    const named = { layer: layer.name }
    if (checks.locked && layer.locked) return this.refuse(new AppError('layer.locked', `The layer “${layer.name}” is locked.`, named))
    if (checks.hidden && !layer.visible) return this.refuse(new AppError('layer.hidden', `The layer “${layer.name}” is hidden.`, named))
    if (checks.empty && this.state.rasters.get(layer.id)?.isEmpty()) return this.refuse(new AppError('layer.empty', `The layer “${layer.name}” is empty.`, named))
    return true
  }

  refuse(error: AppError): false {
    this.showError(error)
    return false
  }

  notify(key: string, values: Record<string, string> = {}): void {
    this.update({ notice: { key, values } })
  }

  showError(error: unknown): void {
    this.update({ error: AppError.from(error).toData() })
  }

  dismissError(): void {
    this.update({ error: undefined })
  }

  async task<T>(busy: string, work: () => Promise<T>): Promise<T | undefined> {
    this.update({ busy, error: undefined })
    try {
      return await work()
    } catch (error) {
      this.showError(error)
      return undefined
    } finally {
      this.update({ busy: undefined })
    }
  }
}
