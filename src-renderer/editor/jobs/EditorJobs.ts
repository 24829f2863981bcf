import { AppError, type CanvasExtension, type EventPayload, type LayerInfo } from '../../../src-shared/contract'
import type { Committed, DocumentSession } from '../document/DocumentSession'
import type { DragSession } from '../drag/DragSession'
import type { DragSource } from '../drag/dragSource'
import { regionOnLayer } from '../drag/region'
import type { Sampling } from '../generation/GenerationParameters'
import { SHOW_MASK_KEY, shortcutLabel } from '../keys'
import { coverageBounds } from '../selection/coverage'
import type { SelectionManager } from '../selection/SelectionManager'
import type { EditorContext } from '../state'
import type { ViewStore } from '../ViewStore'

const emptyMask = (what: string) => new AppError('generation.emptyMask', `Paint a mask (Q) or make a selection over ${what}.`)

/**
 * Work the compute host does for the editor: AI edits, inpaint, generate and outpaint, removal, the drag's warp,
 * re-runs and removing a background; the jobs list main reports, and cancelling. Each checks its layer with the
 * editor's one guard and waits for the strokes in flight; the version arrives as an event the session follows.
 */
export class EditorJobs {
  /** The layer each removal job fills, by job id, to say so when it is done. */
  private readonly removals = new Map<string, string>()

  constructor(
    private readonly editor: EditorContext & { toggleMask(shown?: boolean): void },
    private readonly session: DocumentSession,
    private readonly selection: SelectionManager,
    private readonly drag: DragSession,
    private readonly view: ViewStore,
    private readonly setDragTool: (layerId: string) => void,
  ) {
    editor.api.onEvent((name, payload) => name === 'jobs.changed' && this.changed(payload as EventPayload<'jobs.changed'>))
    session.onCommitted((committed) => {
      // An applied drag is done: its handles go once the warped pixels are shown.
      if (committed.kind === 'warp') this.drag.clear()
      if (committed.kind === 'remove') this.removed(committed)
    })
  }

  private get state() {
    return this.editor.getState()
  }

  /**
   * Runs an AI edit, inpaint or generation as a job. Edits and inpaints repaint what the mask layer covers
   * (or the selection, when there is no mask) on the active raster layer.
   */
  async generate(kind: 'edit' | 'inpaint' | 'generate', sampling: Sampling & { strength?: number }): Promise<void> {
    const document = this.state.document
    // Generate makes a layer of its own; an edit or inpaint changes the active one, which must show pixels.
    const layer = kind === 'generate' ? this.session.paintTarget('brush') : this.editTarget()
    if (!document || !layer) return
    await this.session.settled()
    try {
      if (!sampling.prompt.trim()) throw new AppError('generation.emptyPrompt', 'Type what the model should do.')
      if (kind === 'generate') {
        // Over the selection's bounds when there is one, else the whole document.
        const selected = this.selection.coverage && coverageBounds(this.selection.coverage)
        await this.editor.api.call('generation.generate', { documentId: document.id, ...sampling, ...(selected ? { rect: selected } : {}) })
        return
      }
      const mask = this.selection.editMask(layer)
      if (!mask) throw emptyMask('what should change')
      await this.editor.api.call(kind === 'edit' ? 'generation.edit' : 'generation.inpaint', { documentId: document.id, layerId: layer.id, mask, ...sampling })
    } catch (error) {
      this.editor.showError(error)
    }
  }

  /** Grows the canvas by `extend` and fills the new area from the prompt and the active raster layer's edge. */
  async outpaint(sampling: Sampling, extend: CanvasExtension, seam: number): Promise<void> {
    const document = this.state.document
    const layer = this.session.paintTarget('brush')
    if (!document || !layer) return
    await this.session.settled()
    await this.editor.api.call('generation.outpaint', { documentId: document.id, layerId: layer.id, extend, seam, ...sampling }).catch((error: unknown) => this.editor.showError(error))
  }

  /**
   * Removes what the mask (or the selection) covers on the active raster layer and rebuilds it from its
   * surroundings: content-aware fill, or an installed LaMa / MI-GAN pack.
   */
  async remove(engine: string): Promise<void> {
    const document = this.state.document
    const layer = this.editTarget()
    if (!document || !layer) return
    await this.session.settled()
    const mask = this.selection.editMask(layer)
    if (!mask) return this.editor.showError(emptyMask('what to remove'))
    try {
      const { jobId } = await this.editor.api.call('removal.remove', { documentId: document.id, layerId: layer.id, mask, engine })
      this.removals.set(jobId, layer.name)
    } catch (error) {
      this.editor.showError(error)
    }
  }

  /** Runs a generated version again with another seed, as a new version. */
  async rerun(versionId: number, seed?: number): Promise<void> {
    const document = this.state.document
    if (!document) return
    await this.editor.api.call('generation.rerun', { documentId: document.id, versionId, seed }).catch((error: unknown) => this.editor.showError(error))
  }

  /** Deforms the active raster layer by the drag tool's drag; its version arrives as version.committed (kind 'warp'). */
  async applyDrag(): Promise<void> {
    const document = this.state.document
    const layer = this.editTarget()
    if (!document || !layer) return
    await this.session.settled()
    try {
      const { fill, limitToMask } = this.drag.get()
      const region = limitToMask ? this.warpRegion(layer) : undefined
      if (limitToMask && !region) throw emptyMask('what should change')
      await this.editor.api.call('warp.apply', { documentId: document.id, layerId: layer.id, ...this.drag.inLayer(layer), region, fill })
    } catch (error) {
      this.editor.showError(error)
    }
  }

  /** Reopens a 'warp' version's drag on its parent, so applying it again replaces the warp instead of stacking another. */
  async reopenDrag(versionId: number): Promise<void> {
    const document = this.state.document
    const parent = this.state.history.find((entry) => entry.id === versionId)?.parentId
    if (!document || !parent) return
    try {
      const recorded = await this.editor.api.call('warp.fromVersion', { documentId: document.id, versionId })
      await this.session.goTo(parent)
      const layer = this.state.document?.layers.find((candidate) => candidate.id === recorded.layerId)
      if (!layer) return
      this.setDragTool(layer.id)
      this.drag.load({ ...recorded, limitToMask: recorded.region !== undefined }, layer)
    } catch (error) {
      this.editor.showError(error)
    }
  }

  /** What the drag previews: the layer it deforms, its pixels, the view, and the region a mask limits it to. */
  dragSource(): DragSource | undefined {
    const layer = this.session.paintTarget('brush')
    const raster = layer && this.state.rasters.get(layer.id)
    if (!layer || !raster) return undefined
    return { layer, raster, screen: this.view.get(), revision: this.state.pixelsRevision, region: () => this.warpRegion(layer) }
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
    await this.session.settled()
    const api = this.editor.api
    await this.editor.task('status.removingBackground', async () => {
      const { mask } = await api.call('segmentation.subject', { documentId: document.id, layerId: layer.id })
      const under = options.below ? document.layers.findIndex((candidate) => candidate.id === options.below) : -1
      const index = document.layers.findIndex((candidate) => candidate.id === layer.id)
      if (under >= 0 && under !== index - 1) await api.call('layers.move', { documentId: document.id, layerId: options.below!, position: under < index ? index - 1 : index })
      const background = options.colour ? { kind: 'colour' as const, colour: options.colour, name: this.editor.words('layers.defaultName.backgroundColour') } : { kind: 'transparent' as const }
      const trim = options.trim === undefined ? undefined : { padding: options.trim }
      await this.session.showHead(api.call('layers.removeBackground', { documentId: document.id, layerId: layer.id, mask, background, ...(trim ? { trim } : {}) }))
      // The photo's layer stays the active one (not the colour layer that just appeared), its mask targeted.
      this.editor.update({ activeLayerId: layer.id, maskTarget: layer.id, selection: undefined })
    })
  }

  cancel(jobId: string, hard = false): void {
    void this.editor.api.call('jobs.cancel', { jobId, hard }).catch((error: unknown) => this.editor.showError(error))
  }

  /** The area a drag limited to the mask may move: the mask (or selection) as generation uses it, on the layer. */
  private warpRegion(layer: Pick<LayerInfo, 'offsetX' | 'offsetY' | 'width' | 'height'>) {
    const mask = this.selection.editMask(layer)
    return mask && regionOnLayer({ rect: mask.rect, mask: mask.alpha }, layer)
  }

  /**
   * The layer a removal, an AI edit or a drag changes: the active raster layer, when it is visible and holds pixels;
   * otherwise undefined, with a message that names it (an edit there would record a version and change nothing).
   */
  private editTarget(): LayerInfo | undefined {
    const layer = this.session.paintTarget('brush')
    return layer && this.editor.mayEdit(layer, { hidden: true, empty: true }) ? layer : undefined
  }

  private changed({ jobs }: EventPayload<'jobs.changed'>): void {
    for (const job of jobs) {
      const before = this.state.jobs.find((known) => known.id === job.id)
      if (job.state === 'failed' && job.error && before?.state !== 'failed') this.editor.showError(job.error)
    }
    this.editor.update({ jobs })
  }

  /** A removal is done: its mask is hidden so the result can be judged, and the status says which layer was filled. */
  private removed({ jobId, details }: Committed): void {
    const fallback = details?.fallback
    const layer = this.removals.get(jobId)
    this.removals.delete(jobId)
    this.editor.toggleMask(false)
    if (fallback) this.editor.notify('notice.samplingFallback')
    else if (layer) this.editor.notify('notice.removed', { layer, key: shortcutLabel(SHOW_MASK_KEY) })
  }
}
