import { AppError, type DocumentInfo, type EventPayload, type ExportFormat, type HistoryEntry, type LayerInfo, type MethodInput, type MethodOutput, type Rect } from '../../../src-shared/contract'
import type { EditorContext } from '../state'
import type { Raster } from '../raster'
import { coverageBounds, type Coverage } from '../selection/coverage'
import type { Stroke } from '../strokes'
import { TileCache } from '../TileCache'
import type { ViewStore } from '../ViewStore'

type LayerMethod = 'layers.add' | 'layers.update' | 'layers.transform' | 'layers.duplicate' | 'layers.remove' | 'layers.move' | 'layers.mergeDown' | 'layers.flatten'
type ExportedFile = { fileName: string; mimeType: string; bytes: Uint8Array }
type OpeningPreview = NonNullable<MethodOutput<'documents.openImage'>['preview']>

export type Committed = EventPayload<'version.committed'>

/** What the session tells the rest of the editor: its pixels synced, the document switched or closed, the recent list changed. */
export interface SessionHooks {
  synced(): void
  switched(): void
  recentChanged(): void
}

/**
 * The open document as main has it: the only part of the editor that asks main about document state. It opens and
 * closes projects, keeps the layers' pixels in step with the head (or the version compared), moves the head (undo,
 * redo, a version clicked, every layer operation), commits painted pixels in order, and follows the versions jobs
 * commit.
 */
export class DocumentSession {
  private readonly tiles: TileCache
  /** Each layer mask's pixels, by layer id, as Raster.mask holds them. */
  private readonly maskRasters = new Map<string, Raster>()
  /** Commits in order: a stroke's version must exist before the next stroke or an undo is sent. */
  private commits: Promise<unknown> = Promise.resolve()
  /** Whether the layers' pixels are in the rasters, once they are: at once, except while an opened photo shows from its preview. */
  private pixelsLoading = Promise.resolve(true)
  private readonly committedListeners = new Set<(committed: Committed) => void>()

  constructor(
    private readonly editor: EditorContext,
    private readonly view: ViewStore,
    private readonly hooks: SessionHooks,
  ) {
    this.tiles = new TileCache(editor.api)
    // Every job's version, whatever its kind, is announced by this one event: only its changed layers are refetched.
    editor.api.onEvent((name, payload) => {
      if (name !== 'version.committed') return
      const committed = payload as Committed
      if (committed.documentId !== this.state.document?.id) return
      void this.followCommitted(committed).then(() => this.committedListeners.forEach((listener) => listener(committed)))
    })
  }

  private get state() {
    return this.editor.getState()
  }

  private get api() {
    return this.editor.api
  }

  /** Calls `listener` after a job's version to this document is shown, with the version.committed that announced it. */
  onCommitted(listener: (committed: Committed) => void): void {
    this.committedListeners.add(listener)
  }

  /** Resolves once every stroke sent so far is a version. */
  settled(): Promise<unknown> {
    return this.commits
  }

  /**
   * Waits until the layers' pixels can be painted (an opened photo's once stored and fetched); answers false when
   * the photo shown from its preview failed to store and the window went back to what it showed before.
   */
  pixelsLoaded(): Promise<boolean> {
    return this.pixelsLoading
  }

  activeLayer(): LayerInfo | undefined {
    return this.state.document?.layers.find((layer) => layer.id === this.state.activeLayerId)
  }

  /** The layer a paint tool acts on: the mask layer for the mask tools, else the selected raster layer. */
  paintTarget(mode: Stroke['mode']): LayerInfo | undefined {
    const layers = this.state.document?.layers ?? []
    if (mode === 'mask' || mode === 'maskEraser') return layers.filter((layer) => layer.kind === 'mask').at(-1)
    const active = layers.find((layer) => layer.id === this.state.activeLayerId)
    return active?.kind === 'raster' ? active : layers.filter((layer) => layer.kind === 'raster').at(-1)
  }

  selectLayer(layerId: string): void {
    this.editor.update({ activeLayerId: layerId, maskTarget: undefined })
  }

  /** Makes the brush and eraser paint a layer's mask (its thumbnail clicked), or its pixels again. */
  targetMask(layerId: string | undefined): void {
    this.editor.update({ activeLayerId: layerId ?? this.state.activeLayerId, maskTarget: layerId })
  }

  /** Picks up a document main still has open, e.g. after the window was reloaded. */
  async resume(): Promise<void> {
    await this.editor.task('status.opening', async () => {
      const [open] = await this.api.call('documents.listOpen', {})
      if (open) await this.show(open, { fit: true })
    })
  }

  /** Opens a photo as a new project. On failure the open document, if any, stays as it was. */
  async openFile(file: File): Promise<void> {
    await this.editor.task('status.opening', async () => {
      const bytes = new Uint8Array(await file.arrayBuffer())
      const layerName = this.editor.words('layers.defaultName.background')
      const name = file.name || 'pasted image'
      const opened = await this.api.call('documents.openImage', { name, bytes, layerName }).catch(async (error: unknown) => {
        // The browser hands over a project's bytes, never its path: it opens as a copy in the projects folder.
        if (AppError.from(error).code !== 'image.isProject') throw error
        const copy = await this.api.call('documents.importProject', { name, bytes })
        this.editor.notify('notice.openedCopy', { name, path: copy.path })
        return { document: copy, preview: undefined }
      })
      await this.replaceDocument(opened.document, opened.preview)
    })
  }

  async openProject(path: string): Promise<void> {
    await this.editor.task('status.opening', async () => this.replaceDocument(await this.api.call('documents.openProject', { path })))
  }

  /** Opens a file by what it holds: a project in place, a photo as a new project (File › Open, recent projects). */
  async openPath(path: string): Promise<void> {
    await this.editor.task('status.opening', async () => {
      const opened = await this.api.call('documents.open', { path, layerName: this.editor.words('layers.defaultName.background') })
      await this.replaceDocument(opened.document, opened.preview)
    })
  }

  /** File › Close: the project is closed in main and the start screen shows. */
  async close(): Promise<void> {
    const document = this.state.document
    if (!document) return
    await this.commits
    await this.editor.task('status.closing', async () => {
      await this.api.call('documents.close', { documentId: document.id })
      for (const raster of this.state.rasters.values()) raster.release()
      this.editor.update({ document: undefined, rasters: new Map(), history: [], selection: undefined, comparing: undefined, activeLayerId: undefined, notice: undefined })
      this.hooks.switched()
      this.hooks.synced()
      this.hooks.recentChanged()
    })
  }

  /** Copies the project, its whole history included, to another file (SQLite's backup API in main); throws what main refuses. */
  async saveAs(path: string, overwrite = false): Promise<void> {
    const document = this.state.document
    if (!document) return
    await this.commits
    this.editor.update({ busy: 'status.saving', error: undefined })
    try {
      const saved = await this.api.call('documents.saveAs', { documentId: document.id, path, overwrite })
      this.editor.notify('notice.savedAs', { path: saved.path })
    } finally {
      this.editor.update({ busy: undefined })
    }
  }

  async exportImage(format: ExportFormat, quality = 90): Promise<ExportedFile | undefined> {
    const document = this.state.document
    if (!document) return undefined
    await this.commits
    return this.editor.task('status.exporting', () => this.api.call('documents.export', { documentId: document.id, format, quality }))
  }

  async exportPsd(): Promise<ExportedFile | undefined> {
    const document = this.state.document
    if (!document) return undefined
    await this.commits
    return this.editor.task('status.exporting', () => this.api.call('documents.exportPsd', { documentId: document.id }))
  }

  /** A new empty layer on top, named in the interface language: "Layer 2" / "图层 2", "Mask" / "蒙版". */
  addLayer(kind: 'raster' | 'mask'): Promise<void> {
    const count = (this.state.document?.layers.filter((layer) => layer.kind === kind).length ?? 0) + 1
    const name = kind === 'mask' && count === 1 ? this.editor.words('layers.defaultName.mask') : this.editor.words(`layers.defaultName.${kind}Numbered`, { count })
    return this.changeLayers('layers.add', { kind, name })
  }

  /** A new layer holding an image file, above the others (Photoshop's paste and place). */
  async addLayerFromFile(file: File): Promise<void> {
    const bytes = new Uint8Array(await file.arrayBuffer())
    await this.changeLayers('layers.add', { kind: 'raster', name: file.name || undefined, image: { name: file.name || 'pasted image', bytes } })
  }

  /** Runs a layers-panel operation; its answer is the document at its new head. */
  async changeLayers<M extends LayerMethod>(method: M, input: Omit<MethodInput<M>, 'documentId'>): Promise<void> {
    await this.moveHead((documentId) => this.api.call(method, { ...input, documentId } as MethodInput<M>) as Promise<DocumentInfo>)
  }

  /** Shows a layer property being changed (a slider held) on the canvas, without a version. */
  previewLayerChange(layerId: string, changes: Partial<LayerInfo>): void {
    this.editor.gesture.set({ layerChange: { layerId, changes } })
  }

  /**
   * Makes a property edit one version, when the field is left or the slider released (as Photoshop does, not one
   * per keystroke or spinner click); nothing when it changes nothing.
   */
  async commitLayerChange(layerId: string, changes: Partial<LayerInfo>): Promise<void> {
    const layer = this.state.document?.layers.find((candidate) => candidate.id === layerId)
    const changed = layer && (Object.keys(changes) as (keyof LayerInfo)[]).some((key) => changes[key] !== layer[key])
    if (changed) await this.changeLayers('layers.update', { layerId, changes })
    if (this.editor.gesture.get().layerChange) this.editor.gesture.set({})
  }

  /** A layer mask on the active layer: added (from the selection when there is one, else white), shown, hidden, applied, deleted. */
  async layerMask(action: 'add' | 'enable' | 'disable' | 'apply' | 'delete', layerId = this.state.activeLayerId): Promise<void> {
    const selection = action === 'add' ? this.state.selection?.coverage : undefined
    const bounds = selection && coverageBounds(selection)
    const alpha = selection && bounds ? { rect: bounds, alpha: cut(selection, bounds) } : undefined
    if (!layerId) return
    await this.moveHead((documentId) => this.api.call('layers.mask', { documentId, layerId, action, ...(alpha ? { alpha } : {}) }))
    if (action === 'add') this.editor.update({ maskTarget: layerId, selection: undefined })
    if (action === 'apply' || action === 'delete') this.editor.update({ maskTarget: undefined })
  }

  /** Crops or grows the canvas to `rect` (document pixels): one version; undo restores the size. */
  async resizeCanvas(rect: Rect): Promise<void> {
    await this.moveHead((documentId) => this.api.call('documents.resizeCanvas', { documentId, rect }))
  }

  /** Pads the canvas to a square around the image, centred: one version, which a batch recipe keeps as pad to square. */
  async padToSquare(): Promise<void> {
    const document = this.state.document
    if (!document || document.width === document.height) return
    const side = Math.max(document.width, document.height)
    await this.resizeCanvas({ x: -Math.floor((side - document.width) / 2), y: -Math.floor((side - document.height) / 2), width: side, height: side })
  }

  /**
   * Shows pixels already laid into a layer's raster (painted or written), then commits them as one version in the background: the canvas
   * never waits on the history. A failed commit puts the layer back to the head's pixels.
   */
  async commitPixels(layerId: string, operation: Stroke['mode'] | 'fill', rect: Rect, rgba: Uint8Array, params: Record<string, unknown>, target: 'pixels' | 'mask' = 'pixels'): Promise<void> {
    const document = this.state.document!
    this.state.rasters.get(layerId)!.redraw(rect)
    this.editor.update({ pixelsRevision: this.state.pixelsRevision + 1 })
    const thumbnail = await this.editor.pixels.thumbnail(document, this.state.rasters)
    this.commits = this.commits.then(async () => {
      try {
        await this.show(await this.api.call('layers.paint', { documentId: document.id, layerId, target, operation, rect, rgba, params, thumbnail }))
      } catch (error) {
        this.editor.showError(error)
        await this.show(this.state.document!)
      }
    })
    await this.commits
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

  /**
   * Shows a version a job committed: the document and history as main has them now, and the pixels of only the
   * layers whose tiles changed (and of layers new to the view), so the rest are not asked for again. A compare in
   * progress ends, as any move of the head ends it.
   */
  private async followCommitted({ versionId, changedTiles }: Committed): Promise<void> {
    const current = (await this.api.call('documents.listOpen', {})).find((open) => open.id === this.state.document?.id)
    // A later move of the head (an undo, another job) answers for itself; an older version is not shown over it.
    if (!current) return
    if (current.head !== versionId || this.state.comparing) return this.show(current)
    const changed = new Set(changedTiles.map((layer) => layer.layerId))
    const before = new Map(this.state.document?.layers.map((layer) => [layer.id, layer]))
    const stale = (layer: LayerInfo) => {
      const was = before.get(layer.id)
      const raster = this.state.rasters.get(layer.id)
      return changed.has(layer.id) || !was || !raster || raster.width !== layer.width || raster.height !== layer.height || JSON.stringify(was.mask) !== JSON.stringify(layer.mask)
    }
    await this.show(current, { layers: current.layers.filter(stale) })
  }

  /** Shows the head's parent version in place of the head, or back again: a before/after compare. */
  async toggleCompare(): Promise<void> {
    const document = this.state.document
    if (!document) return
    const parent = this.state.history.find((entry) => entry.id === document.head)?.parentId
    await this.editor.task('status.loading', async () => {
      if (this.state.comparing || !parent) await this.loadRasters(document, document.head)
      this.editor.update({ comparing: this.state.comparing || !parent ? undefined : { versionId: parent } })
      if (this.state.comparing) await this.loadRasters(document, parent!)
    })
  }

  /** Shows the open document's head as main has it now (after a job committed a version). */
  async refresh(): Promise<void> {
    const current = (await this.api.call('documents.listOpen', {})).find((open) => open.id === this.state.document?.id)
    if (current) await this.show(current)
  }

  /** Shows what a call answered with as the document's head (the layer a background removal put under, say). */
  async showHead(head: Promise<DocumentInfo>): Promise<void> {
    await this.show(await head)
  }

  /** Shows `document` in place of the open one, which main then closes; a photo larger than its preview shows from it at once. */
  private async replaceDocument(document: DocumentInfo, preview?: OpeningPreview): Promise<void> {
    // A photo still showing from its preview is replaced once its pixels are in, not while they are being laid in.
    await this.pixelsLoading
    const previous = this.state.document
    for (const raster of this.state.rasters.values()) raster.release()
    this.editor.update({ rasters: new Map(), comparing: undefined, selection: undefined })
    // A photo no larger than its preview stores in a moment; drawing its lossy copy first would only make it flicker.
    if (preview && preview.width < document.width) await this.showFirstView(document, preview.bytes, previous)
    else await this.show(document, { fit: true })
    if (previous && previous.id !== document.id) void this.api.call('documents.close', { documentId: previous.id })
    this.hooks.recentChanged()
  }

  /**
   * Shows an opened photo at once from its preview, drawn at the document's size, while main stores it and its tiles
   * are fetched, the status bar saying so. Strokes and layer operations made meanwhile wait for the pixels (commits,
   * pixelsLoaded) and then apply, as main waits with them until it is stored. A photo that fails to store (found
   * damaged by its full decode, a full disk) is taken down again: the window goes back to what it showed before.
   */
  private async showFirstView(document: DocumentInfo, preview: Uint8Array, previous: DocumentInfo | undefined): Promise<void> {
    this.view.fit(document)
    const activeLayerId = document.layers.at(-1)?.id
    this.editor.update({ document, activeLayerId, history: [], firstView: { documentId: document.id, bytes: preview }, busy: 'status.storing' })
    // Taken down before anything waiting on its pixels resumes, so no edit lands on the document shown instead.
    const failure = this.show(document).then(
      () => undefined,
      async (error: unknown) => {
        this.editor.update({ firstView: undefined })
        const blank = () => this.editor.update({ document: undefined, activeLayerId: undefined, history: [] })
        await (previous ? this.show(previous, { fit: true }).catch(blank) : blank())
        return AppError.from(error)
      },
    )
    this.pixelsLoading = failure.then((error) => !error)
    this.commits = this.commits.then(() => failure)
    const error = await failure
    if (error) throw error
  }

  private async moveHead(move: (documentId: string) => Promise<DocumentInfo>): Promise<void> {
    const asked = this.state.document?.id
    await this.commits
    const document = this.state.document
    // Asked of a photo that failed to store, or of a document since replaced: not moved onto another.
    if (!document || document.id !== asked) return
    // A layer operation or a job behind it (merge, Apply mask…): the status bar's job shows which and how far.
    await this.editor.task('status.working', async () => this.show(await move(document.id)))
  }

  /** Makes `document` (its head) what the editor shows: layers' pixels synced from tiles (only `layers`' when given), history refreshed. */
  private async show(document: DocumentInfo, options: { fit?: boolean; layers?: LayerInfo[] } = {}): Promise<void> {
    // A photo shown from its preview is switched to only now that it is stored.
    const switched = this.state.document?.id !== document.id || this.state.firstView?.documentId === document.id
    await this.loadRasters(document, document.head, options.layers)
    const history = await this.api.call('history.list', { documentId: document.id })
    // A layer that just appeared (added, duplicated, pasted) becomes the active one, as in Photoshop.
    const known = new Set(this.state.document?.id === document.id ? this.state.document.layers.map((layer) => layer.id) : [])
    const appeared = known.size > 0 ? document.layers.filter((layer) => !known.has(layer.id) && layer.kind === 'raster').at(-1) : undefined
    // A crop, or an undo of one, changes the document's size: the view fits it again, and a selection made for the
    // old size no longer lines up with anything.
    const previous = this.state.document
    const resized = previous?.id === document.id && (previous.width !== document.width || previous.height !== document.height)
    if (options.fit || resized) this.view.fit(document)
    if (resized) this.editor.update({ selection: undefined })
    const activeLayerId =
      appeared?.id ??
      (document.layers.some((layer) => layer.id === this.state.activeLayerId) ? this.state.activeLayerId : document.layers.filter((layer) => layer.kind === 'raster').at(-1)?.id)
    this.editor.update({ document, activeLayerId, history, comparing: undefined })
    if (switched) this.hooks.switched()
  }

  private async loadRasters(document: DocumentInfo, versionId: number, only?: LayerInfo[]): Promise<void> {
    const rasters = new Map(this.state.rasters)
    const layers = versionId === document.head ? document.layers : await this.layersAt(document, versionId)
    for (const layer of only ?? layers) {
      const grid = await this.api.call('layers.tileGrid', { documentId: document.id, layerId: layer.id, versionId })
      let raster = rasters.get(layer.id)
      if (!raster || raster.width !== grid.width || raster.height !== grid.height) {
        raster?.release()
        raster = this.editor.pixels.createRaster(layer.id, grid.width, grid.height)
        rasters.set(layer.id, raster)
      }
      const maskChanged = await this.syncMask(document, versionId, layer, raster)
      if (!(await raster.sync(document.id, grid, this.tiles)) && maskChanged) raster.redraw()
    }
    // The full-size pixels replace an opened photo's preview in the same update, so the canvas is never without either.
    this.editor.update({ rasters, pixelsRevision: this.state.pixelsRevision + 1, firstView: undefined })
    this.hooks.synced()
  }

  /** Brings a layer's mask raster to the version and attaches it; answers whether the mask's pixels changed. */
  private async syncMask(document: DocumentInfo, versionId: number, layer: LayerInfo, raster: Raster): Promise<boolean> {
    if (!layer.mask) {
      this.maskRasters.delete(layer.id)
      raster.setMask(undefined, true)
      return false
    }
    const grid = await this.api.call('layers.tileGrid', { documentId: document.id, layerId: layer.id, versionId, mask: true })
    let mask = this.maskRasters.get(layer.id)
    if (!mask || mask.width !== grid.width || mask.height !== grid.height) {
      mask = this.editor.pixels.createRaster(layer.id, grid.width, grid.height)
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
}

/** A selection's bytes inside `rect`, row by row. */
export function cut(coverage: Coverage, rect: Rect): Uint8Array {
  const bytes = new Uint8Array(rect.width * rect.height)
  for (let y = 0; y < rect.height; y++) bytes.set(coverage.alpha.subarray((rect.y + y) * coverage.width + rect.x, (rect.y + y) * coverage.width + rect.x + rect.width), y * rect.width)
  return bytes
}
