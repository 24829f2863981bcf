import type { LayerInfo, Rect } from '../../../src-shared/contract'
import type { DocumentSession } from '../document/DocumentSession'
import type { PixelScans } from '../scans/PixelScans'
import { scans as onThisThread } from '../scans/scans'
import type { EditorContext, EditorState } from '../state'
import { MASK_COLOUR } from '../strokes'
import { combine, coverageBounds, feather, grow, invert, isEmpty, selectAll, type CombineMode, type Coverage } from './coverage'
import type { ObjectSelection } from './ObjectSelection'
import { selectionOutline } from './outline'
import type { SelectionShape } from './shapes'

/**
 * The selection and its algebra: shapes, the magic wand, select all, invert, grow and shrink, feather, to and from
 * the AI mask, Select › Subject and Select › Object. It lives in the editor's state as a coverage map the
 * document's size; the canvas draws it.
 */
export class SelectionManager {
  constructor(
    private readonly editor: EditorContext,
    private readonly session: DocumentSession,
    readonly scans: PixelScans,
    private readonly objects: ObjectSelection,
  ) {}

  private get state() {
    return this.editor.getState()
  }

  get coverage(): Coverage | undefined {
    return this.state.selection?.coverage
  }

  set(coverage: Coverage | undefined): void {
    this.editor.update({ selection: coverage && !isEmpty(coverage) ? { coverage, outline: selectionOutline(coverage) } : undefined })
  }

  select(shape: SelectionShape, mode: CombineMode): void {
    const document = this.state.document
    if (document) this.set(combine(this.coverage, this.editor.pixels.shapeCoverage(shape, document.width, document.height), mode))
  }

  /**
   * Selects pixels like the one at `point`: in the active layer, as Photoshop does by default, or with "sample all
   * layers" in what the visible layers show together. The scan runs off the window's thread (PixelScans).
   */
  async magicWand(point: { x: number; y: number }, mode: CombineMode): Promise<void> {
    const document = this.state.document
    if (!document) return
    const { tolerance, contiguous, sampleAll } = this.state.wand
    if (sampleAll) {
      const x = Math.floor(point.x)
      const y = Math.floor(point.y)
      if (x < 0 || y < 0 || x >= document.width || y >= document.height) return
      const found = await this.scans.magicWand(this.editor.pixels.composite(document, this.state.rasters), document.width, document.height, { x, y }, tolerance, contiguous)
      return this.set(combine(this.coverage, found, mode))
    }
    const layer = this.session.paintTarget('brush')
    const raster = layer && this.state.rasters.get(layer.id)
    if (!layer || !raster) return
    const x = Math.floor(point.x - layer.offsetX)
    const y = Math.floor(point.y - layer.offsetY)
    if (x < 0 || y < 0 || x >= raster.width || y >= raster.height) return
    const found = await this.scans.magicWand(raster.read(), raster.width, raster.height, { x, y }, tolerance, contiguous)
    this.set(combine(this.coverage, await this.scans.placed(found, layer, document), mode))
  }

  selectAll(): void {
    if (this.state.document) this.set(selectAll(this.state.document.width, this.state.document.height))
  }

  deselect(): void {
    this.set(undefined)
  }

  invert(): void {
    if (this.coverage) this.set(invert(this.coverage))
  }

  grow(pixels: number): void {
    if (this.coverage) this.set(grow(this.coverage, pixels))
  }

  feather(pixels: number): void {
    if (this.coverage) this.set(feather(this.coverage, pixels))
  }

  setWand(change: Partial<EditorState['wand']>): void {
    this.editor.update({ wand: { ...this.state.wand, ...change } })
  }

  setAmount(pixels: number): void {
    this.editor.update({ selectionAmount: Math.max(1, Math.min(500, Math.round(pixels))) })
  }

  /** Adds the selection to the mask (the mask layer is made if there is none): one version. */
  async toMask(): Promise<void> {
    const selection = this.coverage
    const bounds = selection && coverageBounds(selection)
    if (!selection || !bounds) return
    if (!this.session.paintTarget('mask')) await this.session.addLayer('mask')
    const mask = this.session.paintTarget('mask')!
    const raster = this.state.rasters.get(mask.id)!
    const pixels = raster.read(bounds)
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(MASK_COLOUR.slice(i, i + 2), 16))
    for (let y = 0; y < bounds.height; y++) {
      for (let x = 0; x < bounds.width; x++) {
        const i = (y * bounds.width + x) * 4
        const alpha = Math.max(pixels[i + 3]!, selection.alpha[(bounds.y + y) * selection.width + bounds.x + x]!)
        pixels.set([r!, g!, b!, alpha], i)
      }
    }
    raster.write(bounds, pixels)
    await this.session.commitPixels(mask.id, 'mask', bounds, new Uint8Array(pixels.buffer), { from: 'selection' })
  }

  /** Makes the mask's coverage the selection (its alpha read off the window's thread). */
  async fromMask(): Promise<void> {
    const mask = this.session.paintTarget('mask')
    const raster = mask && this.state.rasters.get(mask.id)
    const document = this.state.document
    if (!mask || !raster || !document) return
    this.set(await this.scans.placed(await this.scans.alphaOf(raster.read(), raster.width, raster.height), mask, document))
  }

  /**
   * Select › Subject: the installed salient-object pack finds the subject of what the canvas shows (a job in the
   * status bar, with cancel), and its soft alpha becomes the selection.
   */
  async subject(): Promise<void> {
    const document = this.state.document
    if (!document) return
    await this.session.settled()
    const result = await this.editor.task('status.selectingSubject', () => this.editor.api.call('segmentation.subject', { documentId: document.id, layerId: 'visible' }))
    if (result) this.set(coverageFrom(result.mask, document))
  }

  /**
   * Select › Object: the click-to-segment mask becomes the selection, replacing it or added to or taken from it
   * (Enter, Shift+Enter, Alt+Enter); the clicks are done with.
   */
  async object(mode: CombineMode): Promise<void> {
    const document = this.state.document
    const mask = await this.objects.finish()
    if (document && mask) this.set(combine(this.coverage, coverageFrom(mask, document), mode))
  }

  /** What Select › Object segments: the active raster layer, or with "sample all layers" what the canvas shows. */
  objectSource(sampleAll: boolean) {
    const document = this.state.document
    const layerId = sampleAll ? 'visible' : this.session.paintTarget('brush')?.id
    return document && layerId ? { documentId: document.id, layerId, imageKey: String(document.head) } : undefined
  }

  /**
   * What an AI edit, a removal or a drag limited to the mask changes: the mask layer's coverage, else the selection's,
   * in `layer`'s pixels cut to its bounds. On the caller's thread: the drag's preview asks for it within a frame.
   */
  editMask(layer: Pick<LayerInfo, 'offsetX' | 'offsetY'>): { rect: Rect; alpha: Uint8Array } | undefined {
    const mask = this.session.paintTarget('mask')
    const raster = mask && this.state.rasters.get(mask.id)
    const document = this.state.document!
    const coverage = mask && raster ? onThisThread.placed(onThisThread.alphaOf(raster.read(), raster.width, raster.height), mask, document) : this.coverage
    const bounds = coverage && coverageBounds(coverage)
    if (!coverage || !bounds) return undefined
    const rect = { x: bounds.x - layer.offsetX, y: bounds.y - layer.offsetY, width: bounds.width, height: bounds.height }
    const alpha = new Uint8Array(rect.width * rect.height)
    for (let y = 0; y < rect.height; y++) alpha.set(coverage.alpha.subarray((bounds.y + y) * coverage.width + bounds.x, (bounds.y + y) * coverage.width + bounds.x + bounds.width), y * rect.width)
    return { rect, alpha }
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
