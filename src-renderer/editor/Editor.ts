import {
  AppError,
  type AppErrorData,
  type CanvasExtension,
  type DocumentInfo,
  type EventPayload,
  type ExportFormat,
  type HistoryEntry,
  type JobInfo,
  type LayerInfo,
  type MethodInput,
  type Rect,
} from '../../src-shared/contract'

/** How to sample, as the prompt panel sets it. */
export type Sampling = Omit<MethodInput<'generation.generate'>, 'documentId' | 'rect'>
import type { ApiClient } from '../transport/client'
import { DragSession, type DragSource } from './drag/DragSession'
import { regionOnLayer } from './drag/region'
import { LayerRaster } from './LayerRaster'
import { combine, coverageBounds, feather, grow, invert, isEmpty, magicWand, selectAll, type CombineMode, type Coverage } from './selection/coverage'
import { selectionCanvases } from './selection/overlay'
import { shapeCoverage, type SelectionShape } from './selection/shapes'
import { MASK_COLOUR, rasterizeStroke, strokeBounds, type Stroke } from './strokes'
import { TileCache } from './TileCache'
import { DragTool } from './tools/DragTool'
import { GenerationParameters } from './generation/GenerationParameters'
import { StagingArea } from './generation/StagingArea'
import { actionById } from './actions'
import { shortcutLabel } from './shortcuts'
import { ModelLibrary } from './models/ModelLibrary'
import { ProjectFiles } from './projects/ProjectFiles'
import { BatchDesk } from './batch/BatchDesk'
import { HandTool } from './tools/HandTool'
import { PaintTool } from './tools/PaintTool'
import { EyedropperTool, FillTool } from './tools/ClickTools'
import { MoveTool } from './tools/MoveTool'
import { PolygonTool } from './tools/PolygonTool'
import { TransformTool } from './tools/TransformTool'
import { CropTool } from './tools/CropTool'
import { beginTransform, isIdentity, transformMatrix, type FreeTransform } from './transform/freeTransform'
import { MagicWandTool, SelectTool } from './tools/SelectTool'
import { ObjectSelectTool } from './tools/ObjectSelectTool'
import { ObjectSelection } from './selection/ObjectSelection'
import type { Tool, ToolName } from './tools/tool'
import type { Size } from './viewport'
import { Store } from './Store'
import { ViewStore } from './ViewStore'

export interface BrushSettings {
  size: number
  hardness: number
  opacity: number
  colour: string
}

export interface SelectionState {
  coverage: Coverage
  /** Drawn over the canvas: the selected area tinted, its edge bright. */
  overlay: HTMLCanvasElement
  /** The coverage as alpha, to clip strokes with. */
  clip: HTMLCanvasElement
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
  rasters: Map<string, LayerRaster>
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

/**
 * The editor core, apart from React and Konva: it owns the open document, its layers' pixels, the view and
 * the tools, talks to main through the API client, and notifies subscribers. The UI renders its state and
 * calls its methods.
 */
export class Editor {
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
  /** Zoom and pan, in a store of their own so that moving the view re-renders only the canvas. */
  readonly view = new ViewStore()
  readonly gesture = new Store<Gesture>({})
  /** The drag the drag tool is building, in a store of its own: moving a handle re-renders only the canvas. */
  readonly drag = new DragSession(() => this.dragSource(), this.view)
  /** The parameters panel's settings and presets; batch candidates and flagged results waiting for a choice. */
  readonly parameters: GenerationParameters
  readonly staging: StagingArea
  /** Installed packs, the catalog and installs in flight, as the Model manager and the panels show them. */
  readonly models: ModelLibrary
  /** Open, Save as and the recent projects. */
  readonly files: ProjectFiles
  /** The batch panel's recipe, photos and batches, kept current from main's batch events. */
  readonly batch: BatchDesk
  /** The free transform being shaped (Ctrl/Cmd+T), in a store of its own: dragging a handle re-renders only the canvas. */
  readonly transform = new Store<FreeTransform | undefined>(undefined)
  /** The crop tool's box in document pixels (not yet whole ones), until Enter crops to it. */
  readonly crop = new Store<Rect | undefined>(undefined)
  /** Select › Object's clicks, box and live mask, in a store of its own: hovering re-renders only the canvas. */
  readonly objectSelection: ObjectSelection
  /** The tool to go back to when the transform is applied or cancelled. */
  private toolBeforeTransform: ToolName = 'move'
  private readonly tiles: TileCache
  private readonly tools: Record<ToolName, Tool>
  /** The layer each removal job fills, by job id, to say so when it is done. */
  private readonly removals = new Map<string, string>()
  /** Each layer mask's pixels, by layer id, as LayerRaster.mask holds them. */
  private readonly maskRasters = new Map<string, LayerRaster>()
  /** Commits in order: a stroke's version must exist before the next stroke or an undo is sent. */
  private commits: Promise<unknown> = Promise.resolve()
  /**
   * The interface's words for the names the editor gives (a photo's layer, new layers): i18n keys in, text out. The
   * window sets it to its translation; a name is chosen once, when the layer is made, and kept in any language.
   */
  words: (key: string, values?: Record<string, unknown>) => string = (key) => key

  constructor(readonly api: ApiClient) {
    this.tiles = new TileCache(api)
    this.files = new ProjectFiles(this)
    this.parameters = new GenerationParameters(api, (error) => this.showError(error))
    this.models = new ModelLibrary(api, () => void this.parameters.load().catch((error: unknown) => this.showError(error)))
    this.batch = new BatchDesk(api)
    this.objectSelection = new ObjectSelection(api, (sampleAll) => this.objectSource(sampleAll), (error) => this.showError(error))
    this.staging = new StagingArea(api, { documentId: () => this.state.document?.id, refresh: () => this.refresh(), showError: (error) => this.showError(error) })
    api.onEvent((name, payload) => this.receive(name, payload))
    this.tools = {
      hand: new HandTool(this),
      brush: new PaintTool(this, 'brush'),
      eraser: new PaintTool(this, 'eraser'),
      mask: new PaintTool(this, 'mask'),
      maskEraser: new PaintTool(this, 'maskEraser'),
      rectangle: new SelectTool(this, 'rectangle'),
      ellipse: new SelectTool(this, 'ellipse'),
      lasso: new SelectTool(this, 'lasso'),
      polygon: new PolygonTool(this),
      transform: new TransformTool(this),
      crop: new CropTool(this),
      wand: new MagicWandTool(this),
      move: new MoveTool(this),
      eyedropper: new EyedropperTool(this),
      fill: new FillTool(this),
      drag: new DragTool(this),
      object: new ObjectSelectTool(this),
    }
  }

  getState = (): EditorState => this.state

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get tool(): Tool {
    return this.tools[this.state.tool]
  }

  notify(key: string, values: Record<string, string> = {}): void {
    this.update({ notice: { key, values } })
  }

  /** Copies the project, its whole history included, to another file (SQLite's backup API in main); throws what main refuses. */
  async saveAs(path: string, overwrite = false): Promise<void> {
    const document = this.state.document
    if (!document) return
    await this.commits
    this.update({ busy: 'status.saving', error: undefined })
    try {
      const saved = await this.api.call('documents.saveAs', { documentId: document.id, path, overwrite })
      this.notify('notice.savedAs', { path: saved.path })
    } finally {
      this.update({ busy: undefined })
    }
  }

  /** Opens a file by what it holds: a project in place, a photo as a new project (File › Open, recent projects). */
  async openPath(path: string): Promise<void> {
    await this.task('status.opening', async () => {
      await this.replaceDocument(await this.api.call('documents.open', { path, layerName: this.words('layers.defaultName.background') }))
    })
  }

  /** File › Close: the project is closed in main and the start screen shows. */
  async closeDocument(): Promise<void> {
    const document = this.state.document
    if (!document) return
    await this.commits
    this.tool.onCancel()
    await this.task('status.closing', async () => {
      await this.api.call('documents.close', { documentId: document.id })
      for (const raster of this.state.rasters.values()) raster.release()
      this.update({ document: undefined, rasters: new Map(), history: [], selection: undefined, comparing: undefined, activeLayerId: undefined, notice: undefined })
      void this.staging.load()
      this.drag.refresh()
      void this.files.refreshRecent()
    })
  }

  openDialog(dialog: EditorState['dialog']): void {
    this.update({ dialog })
  }

  setRemovalEngine(engine: string): void {
    this.update({ removalEngine: engine })
  }

  cancelJob(jobId: string, hard = false): void {
    void this.api.call('jobs.cancel', { jobId, hard }).catch((error: unknown) => this.showError(error))
  }

  /**
   * Runs an AI edit, inpaint or generation as a job. Edits and inpaints repaint what the mask layer covers
   * (or the selection, when there is no mask) on the active raster layer; the version arrives as an event.
   */
  async generate(kind: 'edit' | 'inpaint' | 'generate', sampling: Sampling & { strength?: number }): Promise<void> {
    const document = this.state.document
    // Generate makes a layer of its own; an edit or inpaint changes the active one, which must show pixels.
    const layer = kind === 'generate' ? this.paintTarget('brush') : this.editTarget()
    if (!document || !layer) return
    await this.commits
    try {
      if (!sampling.prompt.trim()) throw new AppError('generation.emptyPrompt', 'Type what the model should do.')
      if (kind === 'generate') {
        // Over the selection's bounds when there is one, else the whole document.
        const selected = this.state.selection && coverageBounds(this.state.selection.coverage)
        await this.api.call('generation.generate', { documentId: document.id, ...sampling, ...(selected ? { rect: selected } : {}) })
        return
      }
      const mask = this.editMask(layer)
      if (!mask) throw new AppError('generation.emptyMask', 'Paint a mask (Q) or make a selection over what should change.')
      await this.api.call(kind === 'edit' ? 'generation.edit' : 'generation.inpaint', { documentId: document.id, layerId: layer.id, mask, ...sampling })
    } catch (error) {
      this.showError(error)
    }
  }

  /** Grows the canvas by `extend` and fills the new area from the prompt and the active raster layer's edge, as a job. */
  async outpaint(sampling: Sampling, extend: CanvasExtension, seam: number): Promise<void> {
    const document = this.state.document
    const layer = this.paintTarget('brush')
    if (!document || !layer) return
    await this.commits
    await this.api.call('generation.outpaint', { documentId: document.id, layerId: layer.id, extend, seam, ...sampling }).catch((error: unknown) => this.showError(error))
  }

  /**
   * Removes what the mask (or the selection) covers on the active raster layer and rebuilds it from its
   * surroundings: content-aware fill, or an installed LaMa / MI-GAN pack. The version arrives as an event.
   */
  async removeObject(engine: string): Promise<void> {
    const document = this.state.document
    const layer = this.editTarget()
    if (!document || !layer) return
    await this.commits
    const mask = this.editMask(layer)
    if (!mask) return this.showError(new AppError('generation.emptyMask', 'Paint a mask (Q) or make a selection over what to remove.'))
    try {
      const { jobId } = await this.api.call('removal.remove', { documentId: document.id, layerId: layer.id, mask, engine })
      this.removals.set(jobId, layer.name)
    } catch (error) {
      this.showError(error)
    }
  }

  /** Shows or hides the AI mask over the canvas (Remove hides it; painting the mask shows it again). */
  toggleMask(shown = !this.state.maskShown): void {
    if (shown !== this.state.maskShown) this.update({ maskShown: shown })
  }

  /** Runs a generated version again with another seed, as a new version. */
  async rerun(versionId: number, seed?: number): Promise<void> {
    const document = this.state.document
    if (!document) return
    await this.api.call('generation.rerun', { documentId: document.id, versionId, seed }).catch((error: unknown) => this.showError(error))
  }

  /** Deforms the active raster layer by the drag tool's drag, as a job; its version arrives as 'warp.committed'. */
  async applyDrag(): Promise<void> {
    const document = this.state.document
    const layer = this.editTarget()
    if (!document || !layer) return
    await this.commits
    try {
      const { fill, limitToMask } = this.drag.get()
      const region = limitToMask ? this.warpRegion(layer) : undefined
      if (limitToMask && !region) throw new AppError('generation.emptyMask', 'Paint a mask (Q) or make a selection over what should change.')
      await this.api.call('warp.apply', { documentId: document.id, layerId: layer.id, ...this.drag.inLayer(layer), region, fill })
    } catch (error) {
      this.showError(error)
    }
  }

  /** Reopens a 'warp' version's drag on its parent, so applying it again replaces the warp instead of stacking another. */
  async reopenDrag(versionId: number): Promise<void> {
    const document = this.state.document
    const parent = this.state.history.find((entry) => entry.id === versionId)?.parentId
    if (!document || !parent) return
    try {
      const recorded = await this.api.call('warp.fromVersion', { documentId: document.id, versionId })
      await this.goTo(parent)
      const layer = this.state.document?.layers.find((candidate) => candidate.id === recorded.layerId)
      if (!layer) return
      this.setTool('drag')
      this.selectLayer(layer.id)
      this.drag.load({ ...recorded, limitToMask: recorded.region !== undefined }, layer)
    } catch (error) {
      this.showError(error)
    }
  }

  /** The area a drag limited to the mask may move: the mask (or selection) as generation uses it, on the layer. */
  private warpRegion(layer: { offsetX: number; offsetY: number; width: number; height: number }) {
    const mask = this.editMask(layer)
    return mask && regionOnLayer({ rect: mask.rect, mask: mask.alpha }, layer)
  }

  private dragSource(): DragSource | undefined {
    const layer = this.paintTarget('brush')
    const raster = layer && this.state.rasters.get(layer.id)
    if (!layer || !raster) return undefined
    return { layer, raster, screen: this.view.get(), revision: this.state.pixelsRevision, region: () => this.warpRegion(layer) }
  }

  /** The mask layer's coverage (else the selection's) in the layer's pixels, cut to its bounds. */
  private editMask(layer: { offsetX: number; offsetY: number; width: number; height: number }) {
    const mask = this.paintTarget('mask')
    const raster = mask && this.state.rasters.get(mask.id)
    let coverage = this.state.selection?.coverage
    if (mask && raster) {
      const pixels = raster.canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, raster.width, raster.height).data
      coverage = placed({ width: raster.width, height: raster.height, alpha: new Uint8ClampedArray(raster.width * raster.height).map((_, i) => pixels[i * 4 + 3]!) }, mask, this.state.document!)
    }
    const bounds = coverage && coverageBounds(coverage)
    if (!coverage || !bounds) return undefined
    const rect = { x: bounds.x - layer.offsetX, y: bounds.y - layer.offsetY, width: bounds.width, height: bounds.height }
    const alpha = new Uint8Array(rect.width * rect.height)
    for (let y = 0; y < rect.height; y++) alpha.set(coverage.alpha.subarray((bounds.y + y) * coverage.width + bounds.x, (bounds.y + y) * coverage.width + bounds.x + bounds.width), y * rect.width)
    return { rect, alpha }
  }

  private receive(name: string, payload: unknown): void {
    if (name === 'jobs.changed') {
      const { jobs } = payload as EventPayload<'jobs.changed'>
      for (const job of jobs) {
        const before = this.state.jobs.find((known) => known.id === job.id)
        if (job.state === 'failed' && job.error && before?.state !== 'failed') this.showError(job.error)
      }
      this.update({ jobs })
    }
    // A job committed a version to this document: show its new head.
    if (name === 'generation.committed' || name === 'removal.committed' || name === 'warp.committed') {
      const { documentId } = payload as { documentId: string }
      // An applied drag is done: its handles go once the warped pixels are shown.
      if (documentId === this.state.document?.id) void this.refresh().then(() => name === 'warp.committed' && this.drag.clear())
      if (name === 'removal.committed') this.removed(payload as EventPayload<'removal.committed'>)
    }
    if (name === 'generation.candidate') this.staging.receive(payload as EventPayload<'generation.candidate'>)
    if (name === 'models.installProgress') this.models.receive(payload as EventPayload<'models.installProgress'>)
  }

  /** A removal is done: its mask is hidden so the result can be judged, and the status says which layer was filled. */
  private removed({ jobId, documentId, fallback }: EventPayload<'removal.committed'>): void {
    const layer = this.removals.get(jobId)
    this.removals.delete(jobId)
    if (documentId !== this.state.document?.id) return
    this.toggleMask(false)
    if (fallback) this.notify('notice.samplingFallback')
    else if (layer) this.notify('notice.removed', { layer, key: shortcutLabel(actionById('view.mask').shortcuts![0]!) })
  }

  /** Picks up a document main still has open, e.g. after the window was reloaded. */
  async resume(): Promise<void> {
    await this.task('status.opening', async () => {
      const [open] = await this.api.call('documents.listOpen', {})
      if (open) await this.show(open, { fit: true })
    })
  }

  /** Opens a photo as a new project. On failure the open document, if any, stays as it was. */
  async openFile(file: File): Promise<void> {
    await this.task('status.opening', async () => {
      const bytes = new Uint8Array(await file.arrayBuffer())
      const layerName = this.words('layers.defaultName.background')
      const name = file.name || 'pasted image'
      const document = await this.api.call('documents.openImage', { name, bytes, layerName }).then(
        (opened) => opened.document,
        async (error: unknown) => {
          // The browser hands over a project's bytes, never its path: it opens as a copy in the projects folder.
          if (AppError.from(error).code !== 'image.isProject') throw error
          const copy = await this.api.call('documents.importProject', { name, bytes })
          this.notify('notice.openedCopy', { name, path: copy.path })
          return copy
        },
      )
      await this.replaceDocument(document)
    })
  }

  async openProject(path: string): Promise<void> {
    await this.task('status.opening', async () => this.replaceDocument(await this.api.call('documents.openProject', { path })))
  }

  async exportImage(format: ExportFormat, quality = 90): Promise<{ fileName: string; mimeType: string; bytes: Uint8Array } | undefined> {
    const document = this.state.document
    if (!document) return undefined
    await this.commits
    return this.task('status.exporting', () => this.api.call('documents.export', { documentId: document.id, format, quality }))
  }

  /** A new layer holding an image file, above the others (Photoshop's paste and place). */
  async addLayerFromFile(file: File): Promise<void> {
    const bytes = new Uint8Array(await file.arrayBuffer())
    await this.changeLayers('layers.add', { kind: 'raster', name: file.name || undefined, image: { name: file.name || 'pasted image', bytes } })
  }

  selectLayer(layerId: string): void {
    this.update({ activeLayerId: layerId, maskTarget: undefined })
  }

  /** Makes the brush and eraser paint a layer's mask (its thumbnail clicked), or its pixels again. */
  targetMask(layerId: string | undefined): void {
    this.update({ activeLayerId: layerId ?? this.state.activeLayerId, maskTarget: layerId })
  }

  /** A layer mask on the active layer: added (from the selection when there is one, else white), shown, hidden, applied, deleted. */
  async layerMask(action: 'add' | 'enable' | 'disable' | 'apply' | 'delete', layerId = this.state.activeLayerId): Promise<void> {
    const selection = action === 'add' ? this.state.selection?.coverage : undefined
    const bounds = selection && coverageBounds(selection)
    const alpha = selection && bounds ? { rect: bounds, alpha: cut(selection, bounds) } : undefined
    if (!layerId) return
    await this.moveHead((documentId) => this.api.call('layers.mask', { documentId, layerId, action, ...(alpha ? { alpha } : {}) }))
    if (action === 'add') this.update({ maskTarget: layerId, selection: undefined })
    if (action === 'apply' || action === 'delete') this.update({ maskTarget: undefined })
  }

  /**
   * Select › Subject: the installed salient-object pack finds the subject of what the canvas shows (a job in the
   * status bar, with cancel), and its soft alpha becomes the selection.
   */
  async selectSubject(): Promise<void> {
    const document = this.state.document
    if (!document) return
    await this.commits
    const result = await this.task('status.selectingSubject', () => this.api.call('segmentation.subject', { documentId: document.id, layerId: 'visible' }))
    if (result) this.setSelection(coverageFrom(result.mask, document))
  }

  /**
   * Select › Object: the click-to-segment mask becomes the selection, replacing it or added to or taken from it
   * (Enter, Shift+Enter, Alt+Enter); the clicks are done with.
   */
  async selectObject(mode: CombineMode): Promise<void> {
    const document = this.state.document
    const mask = await this.objectSelection.finish()
    if (document && mask) this.setSelection(combine(this.state.selection?.coverage, coverageFrom(mask, document), mode))
  }

  /** What Select › Object segments: the active raster layer, or with "sample all layers" what the canvas shows. */
  private objectSource(sampleAll: boolean) {
    const document = this.state.document
    const layerId = sampleAll ? 'visible' : this.paintTarget('brush')?.id
    return document && layerId ? { documentId: document.id, layerId, imageKey: String(document.head) } : undefined
  }

  /**
   * Layer › Remove background: the subject of the active layer becomes its layer mask (its pixels stay, so it is one
   * undoable version); the background is left transparent or filled with a colour on a layer below; `trim` crops to
   * the subject plus padding. `below` first moves that layer to just under the active one (a version of its own), to
   * show through where the background was. The selection goes, so the result can be judged.
   */
  async removeBackground(options: { colour?: string; trim?: number; below?: string } = {}): Promise<void> {
    const document = this.state.document
    const layer = this.editTarget()
    if (!document || !layer) return
    await this.commits
    await this.task('status.removingBackground', async () => {
      const { mask } = await this.api.call('segmentation.subject', { documentId: document.id, layerId: layer.id })
      const under = options.below ? document.layers.findIndex((candidate) => candidate.id === options.below) : -1
      const index = document.layers.findIndex((candidate) => candidate.id === layer.id)
      if (under >= 0 && under !== index - 1) {
        await this.api.call('layers.move', { documentId: document.id, layerId: options.below!, position: under < index ? index - 1 : index })
      }
      const background = options.colour ? { kind: 'colour' as const, colour: options.colour, name: this.words('layers.defaultName.backgroundColour') } : { kind: 'transparent' as const }
      const trim = options.trim === undefined ? undefined : { padding: options.trim }
      await this.show(await this.api.call('layers.removeBackground', { documentId: document.id, layerId: layer.id, mask, background, ...(trim ? { trim } : {}) }))
      // The photo's layer stays the active one (not the colour layer that just appeared), its mask targeted.
      this.update({ activeLayerId: layer.id, maskTarget: layer.id, selection: undefined })
    })
  }

  /** Shows a layer property being changed (a slider held) on the canvas, without a version. */
  previewLayerChange(layerId: string, changes: Partial<LayerInfo>): void {
    this.gesture.set({ layerChange: { layerId, changes } })
  }

  /**
   * Makes a property edit one version, when the field is left or the slider released (as Photoshop does, not one
   * per keystroke or spinner click); nothing when it changes nothing.
   */
  async commitLayerChange(layerId: string, changes: Partial<LayerInfo>): Promise<void> {
    const layer = this.state.document?.layers.find((candidate) => candidate.id === layerId)
    const changed = layer && (Object.keys(changes) as (keyof LayerInfo)[]).some((key) => changes[key] !== layer[key])
    if (changed) await this.changeLayers('layers.update', { layerId, changes })
    if (this.gesture.get().layerChange) this.gesture.set({})
  }

  /** A new empty layer on top, named in the interface language: "Layer 2" / "图层 2", "Mask" / "蒙版". */
  addLayer(kind: 'raster' | 'mask'): Promise<void> {
    const count = (this.state.document?.layers.filter((layer) => layer.kind === kind).length ?? 0) + 1
    const name = kind === 'mask' && count === 1 ? this.words('layers.defaultName.mask') : this.words(`layers.defaultName.${kind}Numbered`, { count })
    return this.changeLayers('layers.add', { kind, name })
  }

  /** Runs a layers-panel operation; its answer is the document at its new head. */
  async changeLayers<M extends LayerMethod>(method: M, input: Omit<MethodInput<M>, 'documentId'>): Promise<void> {
    await this.moveHead((documentId) => this.api.call(method, { ...input, documentId } as MethodInput<M>) as Promise<DocumentInfo>)
  }

  async exportPsd(): Promise<{ fileName: string; mimeType: string; bytes: Uint8Array } | undefined> {
    const document = this.state.document
    if (!document) return undefined
    await this.commits
    return this.task('status.exporting', () => this.api.call('documents.exportPsd', { documentId: document.id }))
  }

  undo = () => this.moveHead((documentId) => this.api.call('history.undo', { documentId }))
  redo = () => this.moveHead((documentId) => this.api.call('history.redo', { documentId }))
  goTo = (versionId: number) => this.moveHead((documentId) => this.api.call('history.goTo', { documentId, versionId }))

  /** Versions whose prompt holds the text, or whose operation is one of `operations` (those whose labels hold it). */
  async searchHistory(text: string, operations: string[] = []): Promise<HistoryEntry[]> {
    const document = this.state.document
    if (!document) return []
    return text.trim() ? this.api.call('history.search', { documentId: document.id, text: text.trim(), operations }) : this.state.history
  }

  /** Shows the head's parent version in place of the head, or back again: a before/after compare. */
  async toggleCompare(): Promise<void> {
    const document = this.state.document
    if (!document) return
    const parent = this.state.history.find((entry) => entry.id === document.head)?.parentId
    await this.task('status.loading', async () => {
      if (this.state.comparing || !parent) await this.loadRasters(document, document.head)
      this.update({ comparing: this.state.comparing || !parent ? undefined : { versionId: parent } })
      if (this.state.comparing) await this.loadRasters(document, parent!)
    })
  }

  showSelectionDraft(shape: SelectionShape | undefined): void {
    this.gesture.set({ selectionDraft: shape })
  }

  showPolygonDraft(draft: Gesture['polygonDraft']): void {
    this.gesture.set({ polygonDraft: draft })
  }

  select(shape: SelectionShape, mode: CombineMode): void {
    const document = this.state.document
    if (document) this.setSelection(combine(this.state.selection?.coverage, shapeCoverage(shape, document.width, document.height), mode))
  }

  /**
   * Selects pixels like the one at `point`: in the active layer, as Photoshop does by default, or with "sample all
   * layers" in what the visible layers show together.
   */
  magicWand(point: { x: number; y: number }, mode: CombineMode): void {
    const document = this.state.document
    if (document && this.state.wand.sampleAll) {
      const x = Math.floor(point.x)
      const y = Math.floor(point.y)
      if (x < 0 || y < 0 || x >= document.width || y >= document.height) return
      const { tolerance, contiguous } = this.state.wand
      const found = magicWand(compositeOf(document, this.state.rasters).data, document.width, document.height, { x, y }, tolerance, contiguous)
      return this.setSelection(combine(this.state.selection?.coverage, found, mode))
    }
    const layer = this.paintTarget('brush')
    const raster = layer && this.state.rasters.get(layer.id)
    if (!document || !layer || !raster) return
    const x = Math.floor(point.x - layer.offsetX)
    const y = Math.floor(point.y - layer.offsetY)
    if (x < 0 || y < 0 || x >= raster.width || y >= raster.height) return
    const pixels = raster.canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, raster.width, raster.height).data
    const { tolerance, contiguous } = this.state.wand
    const found = magicWand(pixels, raster.width, raster.height, { x, y }, tolerance, contiguous)
    this.setSelection(combine(this.state.selection?.coverage, placed(found, layer, document), mode))
  }

  selectAll(): void {
    if (this.state.document) this.setSelection(selectAll(this.state.document.width, this.state.document.height))
  }

  deselect(): void {
    this.setSelection(undefined)
  }

  invertSelection(): void {
    if (this.state.selection) this.setSelection(invert(this.state.selection.coverage))
  }

  growSelection(pixels: number): void {
    if (this.state.selection) this.setSelection(grow(this.state.selection.coverage, pixels))
  }

  featherSelection(pixels: number): void {
    if (this.state.selection) this.setSelection(feather(this.state.selection.coverage, pixels))
  }

  setWand(change: Partial<EditorState['wand']>): void {
    this.update({ wand: { ...this.state.wand, ...change } })
  }

  setSelectionAmount(pixels: number): void {
    this.update({ selectionAmount: Math.max(1, Math.min(500, Math.round(pixels))) })
  }

  /** Adds the selection to the mask (the mask layer is made if there is none): one version. */
  async selectionToMask(): Promise<void> {
    const selection = this.state.selection?.coverage
    const bounds = selection && coverageBounds(selection)
    if (!selection || !bounds) return
    if (!this.paintTarget('mask')) await this.addLayer('mask')
    const mask = this.paintTarget('mask')!
    const raster = this.state.rasters.get(mask.id)!
    const context = raster.canvas.getContext('2d')!
    const pixels = context.getImageData(bounds.x, bounds.y, bounds.width, bounds.height)
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(MASK_COLOUR.slice(i, i + 2), 16))
    for (let y = 0; y < bounds.height; y++) {
      for (let x = 0; x < bounds.width; x++) {
        const i = (y * bounds.width + x) * 4
        const alpha = Math.max(pixels.data[i + 3]!, selection.alpha[(bounds.y + y) * selection.width + bounds.x + x]!)
        pixels.data.set([r!, g!, b!, alpha], i)
      }
    }
    await this.commitPixels(mask.id, 'mask', bounds, new Uint8Array(pixels.data.buffer), { from: 'selection' })
  }

  /** Makes the mask's coverage the selection. */
  maskToSelection(): void {
    const mask = this.paintTarget('mask')
    const raster = mask && this.state.rasters.get(mask.id)
    const document = this.state.document
    if (!mask || !raster || !document) return
    const pixels = raster.canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, raster.width, raster.height).data
    const alpha = new Uint8ClampedArray(raster.width * raster.height).map((_, i) => pixels[i * 4 + 3]!)
    this.setSelection(placed({ width: raster.width, height: raster.height, alpha }, mask, document))
  }

  canMoveLayer(): boolean {
    const layer = this.activeLayerInfo()
    if (!layer) return false
    if (layer.locked) return this.refuse(new AppError('layer.locked', `The layer “${layer.name}” is locked.`, { layer: layer.name }))
    return true
  }

  previewMove(dx: number, dy: number): void {
    const layer = this.activeLayerInfo()
    this.gesture.set({ moving: layer && (dx || dy) ? { layerId: layer.id, dx, dy } : undefined })
  }

  async commitMove(): Promise<void> {
    const moving = this.gesture.get().moving
    const layer = this.activeLayerInfo()
    if (!moving || !layer) return
    await this.changeLayers('layers.update', { layerId: layer.id, changes: { offsetX: layer.offsetX + moving.dx, offsetY: layer.offsetY + moving.dy } })
    this.gesture.set({})
  }

  /** Shows the free transform's box on the active layer; a locked or hidden layer refuses, with the reason. */
  beginTransform(): void {
    const layer = this.activeLayerInfo()
    if (!layer || !this.state.document) return
    if (this.state.comparing) return void this.refuse(new AppError('edit.whileComparing', 'Leave the before/after compare to edit.'))
    if (layer.locked) return void this.refuse(new AppError('layer.locked', `The layer “${layer.name}” is locked.`, { layer: layer.name }))
    if (!layer.visible) return void this.refuse(new AppError('layer.hidden', `The layer “${layer.name}” is hidden.`, { layer: layer.name }))
    const previous = this.state.tool
    this.setTool('transform')
    this.toolBeforeTransform = previous === 'transform' ? 'move' : previous
    this.transform.set(beginTransform(layer.id, { x: layer.offsetX, y: layer.offsetY, width: layer.width, height: layer.height }))
  }

  /** Applies the transform as one version: main resamples the layer at full resolution. */
  async commitTransform(): Promise<void> {
    const transform = this.transform.get()
    if (!transform) return
    if (!isIdentity(transform)) await this.changeLayers('layers.transform', { layerId: transform.layerId, matrix: transformMatrix(transform) })
    this.endTransform()
  }

  cancelTransform(): void {
    this.endTransform()
  }

  private endTransform(): void {
    if (!this.transform.get()) return
    this.transform.set(undefined)
    // Not setTool: that cancels the active tool, which is what brought us here.
    this.update({ tool: this.toolBeforeTransform })
  }

  showCrop(box: Rect | undefined): void {
    this.crop.set(box)
  }

  /** Crops the document to the crop box, cut to whole pixels inside the document: one version; undo restores the size. */
  async commitCrop(): Promise<void> {
    const box = this.crop.get()
    const document = this.state.document
    if (!box || !document) return
    const x = Math.max(0, Math.round(box.x))
    const y = Math.max(0, Math.round(box.y))
    const rect = { x, y, width: Math.min(document.width, Math.round(box.x + box.width)) - x, height: Math.min(document.height, Math.round(box.y + box.height)) - y }
    this.crop.set(undefined)
    if (rect.width < 1 || rect.height < 1) return
    await this.moveHead((documentId) => this.api.call('documents.resizeCanvas', { documentId, rect }))
  }

  /** Pads the canvas to a square around the image, centred: one version, which a batch recipe keeps as pad to square. */
  async padToSquare(): Promise<void> {
    const document = this.state.document
    if (!document || document.width === document.height) return
    const side = Math.max(document.width, document.height)
    const rect = { x: -Math.floor((side - document.width) / 2), y: -Math.floor((side - document.height) / 2), width: side, height: side }
    await this.moveHead((documentId) => this.api.call('documents.resizeCanvas', { documentId, rect }))
  }

  /** The brush colour from the active layer's pixel under the point (opaque colours only, as a colour picker shows). */
  pickColour(point: { x: number; y: number }): void {
    const layer = this.paintTarget('brush')
    const raster = layer && this.state.rasters.get(layer.id)
    if (!layer || !raster) return
    const [r, g, b] = raster.canvas.getContext('2d')!.getImageData(Math.floor(point.x - layer.offsetX), Math.floor(point.y - layer.offsetY), 1, 1).data
    this.setBrush({ colour: `#${[r, g, b].map((c) => c!.toString(16).padStart(2, '0')).join('')}` })
  }

  /** Fills the selection, or else the area like the clicked pixel (the wand's tolerance), with the brush colour. */
  async fill(point: { x: number; y: number }): Promise<void> {
    const document = this.state.document
    const layer = this.paintTarget('brush')
    const raster = layer && this.state.rasters.get(layer.id)
    if (!document || !layer || !raster || !this.canPaint('brush')) return
    const x = Math.floor(point.x - layer.offsetX)
    const y = Math.floor(point.y - layer.offsetY)
    const context = raster.canvas.getContext('2d', { willReadFrequently: true })!
    let region = this.state.selection?.coverage
    if (!region) {
      if (x < 0 || y < 0 || x >= raster.width || y >= raster.height) return
      const pixels = context.getImageData(0, 0, raster.width, raster.height).data
      region = placed(magicWand(pixels, raster.width, raster.height, { x, y }, this.state.wand.tolerance, true), layer, document)
    }
    const bounds = coverageBounds(region)
    if (!bounds) return
    const rect = { x: bounds.x - layer.offsetX, y: bounds.y - layer.offsetY, width: bounds.width, height: bounds.height }
    const pixels = context.getImageData(rect.x, rect.y, rect.width, rect.height)
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(this.state.brush.colour.slice(i, i + 2), 16))
    for (let row = 0; row < rect.height; row++) {
      for (let column = 0; column < rect.width; column++) {
        const coverage = (region.alpha[(bounds.y + row) * region.width + bounds.x + column]! / 255) * this.state.brush.opacity
        if (coverage === 0) continue
        const i = (row * rect.width + column) * 4
        const alpha = pixels.data[i + 3]! / 255
        const outAlpha = coverage + alpha * (1 - coverage)
        for (const [c, value] of [r!, g!, b!].entries()) pixels.data[i + c] = Math.round((value * coverage + pixels.data[i + c]! * alpha * (1 - coverage)) / outAlpha)
        pixels.data[i + 3] = Math.round(outAlpha * 255)
      }
    }
    context.putImageData(pixels, rect.x, rect.y)
    await this.commitPixels(layer.id, 'fill', rect, new Uint8Array(pixels.data.buffer), { colour: this.state.brush.colour, opacity: this.state.brush.opacity })
  }

  setTool(tool: ToolName): void {
    this.tool.onCancel()
    // Choosing a mask tool is choosing to see the mask.
    this.update({ tool, maskShown: this.state.maskShown || tool === 'mask' || tool === 'maskEraser' })
  }

  setBrush(change: Partial<BrushSettings>): void {
    const brush = { ...this.state.brush, ...change }
    this.update({ brush: { ...brush, size: Math.min(2000, Math.max(1, Math.round(brush.size))) } })
  }

  /** Whether a stroke may start now; says why not when it may not. */
  canPaint(mode: Stroke['mode']): boolean {
    if (!this.state.document) return false
    if (this.state.document.readOnly) return this.refuse(readOnlyError())
    const layer = this.paintTarget(mode)
    // The first mask stroke makes the mask layer (commitStroke); nothing else lacks a target.
    if (!layer) return mode === 'mask'
    if (this.state.comparing) return this.refuse(new AppError('edit.whileComparing', 'Leave the before/after compare to edit.'))
    if (layer.locked) return this.refuse(new AppError('layer.locked', `The layer “${layer.name}” is locked.`, { layer: layer.name }))
    if (!layer.visible) return this.refuse(new AppError('layer.hidden', `The layer “${layer.name}” is hidden.`, { layer: layer.name }))
    return true
  }

  showStroke(stroke: Stroke | undefined): void {
    if (stroke && (stroke.mode === 'mask' || stroke.mode === 'maskEraser')) this.toggleMask(true)
    this.gesture.set({ stroke })
  }

  /**
   * Lays the stroke into the layer at once and commits it as one version in the background: the canvas
   * never waits on the history. A failed commit puts the layer back to the head's pixels.
   */
  async commitStroke(stroke: Stroke): Promise<void> {
    if (stroke.mode === 'mask' && !this.paintTarget('mask')) await this.addLayer('mask')
    const document = this.state.document
    const layer = this.paintTarget(stroke.mode)
    const raster = layer && this.state.rasters.get(layer.id)
    const bounds = layer && strokeBounds(stroke, layer)
    if (!document || !layer || !raster || !bounds) return this.gesture.set({})
    const onMask = raster.mask && this.state.maskTarget === layer.id && (stroke.mode === 'brush' || stroke.mode === 'eraser')
    if (onMask) {
      // The brush shows (paints white), the eraser hides: the mask is white pixels whose alpha is the mask.
      rasterizeStroke(raster.mask!.canvas, { ...stroke, colour: '#ffffff' }, { x: layer.offsetX, y: layer.offsetY }, bounds, this.state.selection?.clip)
      const rgba = new Uint8Array(raster.mask!.canvas.getContext('2d')!.getImageData(bounds.x, bounds.y, bounds.width, bounds.height).data.buffer)
      raster.mask!.redraw(bounds)
      this.gesture.set({})
      const params = { size: stroke.size, hardness: stroke.hardness, opacity: stroke.opacity, points: stroke.points.length / 2 }
      return this.commitPixels(layer.id, stroke.mode, bounds, rgba, params, 'mask')
    }
    rasterizeStroke(raster.canvas, stroke, { x: layer.offsetX, y: layer.offsetY }, bounds, this.state.selection?.clip)
    const rgba = new Uint8Array(raster.canvas.getContext('2d')!.getImageData(bounds.x, bounds.y, bounds.width, bounds.height).data.buffer)
    this.gesture.set({})
    const params = { size: stroke.size, hardness: stroke.hardness, opacity: stroke.opacity, colour: stroke.colour, points: stroke.points.length / 2 }
    await this.commitPixels(layer.id, stroke.mode, bounds, rgba, params)
  }

  /** Shows pixels already laid into a layer's canvas, then commits them as one version in the background. */
  private async commitPixels(layerId: string, operation: Stroke['mode'] | 'fill', rect: Rect, rgba: Uint8Array, params: Record<string, unknown>, target: 'pixels' | 'mask' = 'pixels'): Promise<void> {
    const document = this.state.document!
    const raster = this.state.rasters.get(layerId)!
    raster.redraw(rect)
    this.update({ pixelsRevision: this.state.pixelsRevision + 1 })
    const thumbnail = await this.thumbnail()
    this.commits = this.commits.then(async () => {
      try {
        await this.show(await this.api.call('layers.paint', { documentId: document.id, layerId, target, operation, rect, rgba, params, thumbnail }))
      } catch (error) {
        this.showError(error)
        await this.show(this.state.document!)
      }
    })
    await this.commits
  }

  setViewport(viewport: Size): void {
    this.view.resize(viewport, this.state.document)
  }

  zoomToFit(): void {
    if (this.state.document) this.view.fit(this.state.document)
  }

  zoomToActualPixels(): void {
    if (this.state.document) this.view.actualPixels(this.state.document)
  }

  zoomBy(factor: number, anchor?: { x: number; y: number }): void {
    this.view.zoomBy(factor, anchor)
  }

  panBy(dx: number, dy: number): void {
    this.view.panBy(dx, dy)
  }

  showError(error: unknown): void {
    this.update({ error: AppError.from(error).toData() })
  }

  dismissError(): void {
    this.update({ error: undefined })
  }

  private activeLayerInfo() {
    return this.state.document?.layers.find((layer) => layer.id === this.state.activeLayerId)
  }

  /** The layer a paint tool acts on: the mask layer for the mask tools, else the selected raster layer. */
  paintTarget(mode: Stroke['mode']) {
    const layers = this.state.document?.layers ?? []
    if (mode === 'mask' || mode === 'maskEraser') return layers.filter((layer) => layer.kind === 'mask').at(-1)
    const active = layers.find((layer) => layer.id === this.state.activeLayerId)
    return active?.kind === 'raster' ? active : layers.filter((layer) => layer.kind === 'raster').at(-1)
  }

  /**
   * The layer a removal, an AI edit or a drag changes: the active raster layer, when it is visible and holds pixels;
   * otherwise undefined, with a message that names it (an edit there would record a version and change nothing).
   */
  private editTarget() {
    const layer = this.paintTarget('brush')
    if (!layer) return undefined
    if (this.state.document?.readOnly) return void this.refuse(readOnlyError())
    if (this.state.comparing) return void this.refuse(new AppError('edit.whileComparing', 'Leave the before/after compare to edit.'))
    if (!layer.visible) return void this.refuse(new AppError('layer.hidden', `The layer “${layer.name}” is hidden.`, { layer: layer.name }))
    if (this.state.rasters.get(layer.id)?.isEmpty()) return void this.refuse(new AppError('layer.empty', `The layer “${layer.name}” is empty.`, { layer: layer.name }))
    return layer
  }

  private refuse(error: AppError): false {
    this.showError(error)
    return false
  }

  private thumbnail(): Promise<Uint8Array | undefined> {
    return thumbnailOf(this.state.document!, this.state.rasters)
  }

  private setSelection(coverage: Coverage | undefined): void {
    this.update({ selection: coverage && !isEmpty(coverage) ? { coverage, ...selectionCanvases(coverage) } : undefined })
  }

  /** Shows the open document's head as main has it now (after a job committed a version). */
  private async refresh(): Promise<void> {
    const current = (await this.api.call('documents.listOpen', {})).find((open) => open.id === this.state.document?.id)
    if (current) await this.show(current)
  }

  private async replaceDocument(document: DocumentInfo): Promise<void> {
    const previous = this.state.document
    for (const raster of this.state.rasters.values()) raster.release()
    this.update({ rasters: new Map(), comparing: undefined, selection: undefined })
    await this.show(document, { fit: true })
    if (previous && previous.id !== document.id) void this.api.call('documents.close', { documentId: previous.id })
    void this.files.refreshRecent()
  }

  private async moveHead(move: (documentId: string) => Promise<DocumentInfo>): Promise<void> {
    await this.commits
    const document = this.state.document
    if (!document) return
    await this.task('status.loading', async () => this.show(await move(document.id)))
  }

  /** Makes `document` (its head) what the editor shows: layers' pixels synced from tiles, history refreshed. */
  private async show(document: DocumentInfo, options: { fit?: boolean } = {}): Promise<void> {
    await this.loadRasters(document, document.head)
    const history = await this.api.call('history.list', { documentId: document.id })
    // A layer that just appeared (added, duplicated, pasted) becomes the active one, as in Photoshop.
    const known = new Set(this.state.document?.id === document.id ? this.state.document.layers.map((layer) => layer.id) : [])
    const appeared = known.size > 0 ? document.layers.filter((layer) => !known.has(layer.id) && layer.kind === 'raster').at(-1) : undefined
    // A crop, or an undo of one, changes the document's size: the view fits it again, and a selection made for the
    // old size no longer lines up with anything.
    const previous = this.state.document
    const resized = previous?.id === document.id && (previous.width !== document.width || previous.height !== document.height)
    if (options.fit || resized) this.view.fit(document)
    if (resized) this.setSelection(undefined)
    const switched = this.state.document?.id !== document.id
    const activeLayerId =
      appeared?.id ??
      (document.layers.some((layer) => layer.id === this.state.activeLayerId) ? this.state.activeLayerId : document.layers.filter((layer) => layer.kind === 'raster').at(-1)?.id)
    this.update({
      document,
      activeLayerId,
      history,
      comparing: undefined,
    })
    if (switched) void this.staging.load().catch((error: unknown) => this.showError(error))
  }

  private async loadRasters(document: DocumentInfo, versionId: number): Promise<void> {
    const rasters = new Map(this.state.rasters)
    const layers = versionId === document.head ? document.layers : await this.layersAt(document, versionId)
    for (const layer of layers) {
      const grid = await this.api.call('layers.tileGrid', { documentId: document.id, layerId: layer.id, versionId })
      let raster = rasters.get(layer.id)
      if (!raster || raster.width !== grid.width || raster.height !== grid.height) {
        raster?.release()
        raster = new LayerRaster(layer.id, grid.width, grid.height)
        rasters.set(layer.id, raster)
      }
      const maskChanged = await this.syncMask(document, versionId, layer, raster)
      if (!(await raster.sync(document.id, grid, this.tiles)) && maskChanged) raster.redraw()
    }
    this.update({ rasters, pixelsRevision: this.state.pixelsRevision + 1 })
    this.drag.refresh()
  }

  /** Brings a layer's mask raster to the version and attaches it; answers whether the mask's pixels changed. */
  private async syncMask(document: DocumentInfo, versionId: number, layer: LayerInfo, raster: LayerRaster): Promise<boolean> {
    if (!layer.mask) {
      this.maskRasters.delete(layer.id)
      raster.setMask(undefined, true)
      return false
    }
    const grid = await this.api.call('layers.tileGrid', { documentId: document.id, layerId: layer.id, versionId, mask: true })
    let mask = this.maskRasters.get(layer.id)
    if (!mask || mask.width !== grid.width || mask.height !== grid.height) {
      mask = new LayerRaster(layer.id, grid.width, grid.height)
      this.maskRasters.set(layer.id, mask)
    }
    const changed = await mask.sync(document.id, grid, this.tiles)
    raster.setMask(mask, layer.mask.enabled)
    return changed
  }

  /** An older version's layers: those whose grid exists there (layer properties follow the head for now). */
  private async layersAt(document: DocumentInfo, versionId: number) {
    const comparison = await this.api.call('history.compare', { documentId: document.id, a: versionId, b: document.head })
    return document.layers.filter((layer) => !comparison.added.includes(layer.id))
  }

  private async task<T>(busy: string, work: () => Promise<T>): Promise<T | undefined> {
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

  private update(change: Partial<EditorState>): void {
    this.state = { ...this.state, ...change }
    for (const listener of this.listeners) listener()
  }
}

/** A segmenter's mask (document coordinates, 255 selected) as a selection the document's size. */
function coverageFrom(mask: { rect: Rect; alpha: Uint8Array }, document: { width: number; height: number }): Coverage {
  const alpha = new Uint8ClampedArray(document.width * document.height)
  const { rect } = mask
  for (let y = Math.max(0, rect.y); y < Math.min(document.height, rect.y + rect.height); y++) {
    for (let x = Math.max(0, rect.x); x < Math.min(document.width, rect.x + rect.width); x++) alpha[y * document.width + x] = mask.alpha[(y - rect.y) * rect.width + x - rect.x]!
  }
  return { width: document.width, height: document.height, alpha }
}

/** A selection's bytes inside `rect`, row by row. */
function cut(coverage: Coverage, rect: Rect): Uint8Array {
  const bytes = new Uint8Array(rect.width * rect.height)
  for (let y = 0; y < rect.height; y++) bytes.set(coverage.alpha.subarray((rect.y + y) * coverage.width + rect.x, (rect.y + y) * coverage.width + rect.x + rect.width), y * rect.width)
  return bytes
}

const readOnlyError = () => new AppError('project.readOnly', 'This project is open read-only: use Save as to edit a copy.')

/** A layer's coverage placed in document coordinates (layers may be offset or larger than the document). */
function placed(coverage: Coverage, layer: { offsetX: number; offsetY: number }, document: { width: number; height: number }): Coverage {
  if (layer.offsetX === 0 && layer.offsetY === 0 && coverage.width === document.width && coverage.height === document.height) return coverage
  const alpha = new Uint8ClampedArray(document.width * document.height)
  for (let y = 0; y < document.height; y++) {
    const sy = y - layer.offsetY
    if (sy < 0 || sy >= coverage.height) continue
    for (let x = 0; x < document.width; x++) {
      const sx = x - layer.offsetX
      if (sx >= 0 && sx < coverage.width) alpha[y * document.width + x] = coverage.alpha[sy * coverage.width + sx]!
    }
  }
  return { width: document.width, height: document.height, alpha }
}

type LayerMethod = 'layers.add' | 'layers.update' | 'layers.transform' | 'layers.duplicate' | 'layers.remove' | 'layers.move' | 'layers.mergeDown' | 'layers.flatten'

/** The visible raster layers blended at `scale` (from the smallest pyramid level when `small`), as the canvas shows them. */
function composited(document: DocumentInfo, rasters: Map<string, LayerRaster>, scale: number, small: boolean): HTMLCanvasElement {
  const canvas = Object.assign(window.document.createElement('canvas'), { width: Math.round(document.width * scale), height: Math.round(document.height * scale) })
  const context = canvas.getContext('2d', { willReadFrequently: !small })!
  for (const layer of document.layers) {
    const raster = rasters.get(layer.id)
    const source = small ? raster?.pyramid?.levels.at(-1) : raster?.shown
    if (!source || layer.kind !== 'raster' || !layer.visible) continue
    context.globalAlpha = layer.opacity
    context.globalCompositeOperation = layer.blendMode === 'normal' ? 'source-over' : layer.blendMode
    context.drawImage(source, layer.offsetX * scale, layer.offsetY * scale, layer.width * scale, layer.height * scale)
  }
  return canvas
}

/** The document's pixels as all its visible layers show them together, at full size (the wand's "sample all layers"). */
function compositeOf(document: DocumentInfo, rasters: Map<string, LayerRaster>): ImageData {
  return composited(document, rasters, 1, false).getContext('2d')!.getImageData(0, 0, document.width, document.height)
}

/** A small WebP of what the document looks like, for the history panel: the visible raster layers composited. */
async function thumbnailOf(document: DocumentInfo, rasters: Map<string, LayerRaster>): Promise<Uint8Array | undefined> {
  const canvas = composited(document, rasters, Math.min(1, 256 / Math.max(document.width, document.height)), true)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/webp', 0.8))
  return blob ? new Uint8Array(await blob.arrayBuffer()) : undefined
}
