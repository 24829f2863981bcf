import { AppError, type AppErrorData, type DocumentInfo, type ExportFormat } from '../../src-shared/contract'
import type { ApiClient } from '../transport/client'
import { buildPyramid, releasePyramid, type Pyramid } from './pyramid'
import { centred, fitView, zoomAbout, type Size, type View } from './viewport'

export interface EditorState {
  document?: DocumentInfo
  /** The background layer's pixels, ready to draw at any zoom. */
  image?: Pyramid
  view: View
  viewport: Size
  /** What the editor is doing now, as an i18n key; undefined when idle. */
  busy?: string
  error?: AppErrorData
}

/**
 * The editor core, apart from React and Konva: it owns the open document and the view, talks to main
 * through the API client, and notifies subscribers. The UI renders its state and calls its methods.
 */
export class Editor {
  private state: EditorState = { view: { zoom: 1, x: 0, y: 0 }, viewport: { width: 0, height: 0 } }
  private readonly listeners = new Set<() => void>()

  constructor(readonly api: ApiClient) {}

  getState = (): EditorState => this.state

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Opens a photo as a new document. On failure the open document, if any, stays as it was. */
  async openFile(file: File): Promise<void> {
    await this.task('status.opening', async () => {
      const bytes = new Uint8Array(await file.arrayBuffer())
      const document = await this.api.call('documents.openImage', { name: file.name || 'pasted image', bytes })
      const background = document.layers[0]!
      const pixels = await this.api.call('documents.layerPixels', { documentId: document.id, layerId: background.id })
      const previous = this.state
      this.update({ document, image: await buildPyramid(pixels), view: fitView(document, this.state.viewport) })
      releasePyramid(previous.image)
      if (previous.document) void this.api.call('documents.close', { documentId: previous.document.id })
    })
  }

  async exportImage(format: ExportFormat, quality = 90): Promise<{ fileName: string; mimeType: string; bytes: Uint8Array } | undefined> {
    const document = this.state.document
    if (!document) return undefined
    return this.task('status.exporting', () => this.api.call('documents.export', { documentId: document.id, format, quality }))
  }

  setViewport(viewport: Size): void {
    const first = this.state.viewport.width === 0
    this.update({ viewport, ...(first && this.state.document ? { view: fitView(this.state.document, viewport) } : {}) })
  }

  zoomToFit(): void {
    if (this.state.document) this.update({ view: fitView(this.state.document, this.state.viewport) })
  }

  zoomToActualPixels(): void {
    if (this.state.document) this.update({ view: centred(this.state.document, this.state.viewport, 1) })
  }

  zoomBy(factor: number, anchor = { x: this.state.viewport.width / 2, y: this.state.viewport.height / 2 }): void {
    this.update({ view: zoomAbout(this.state.view, factor, anchor) })
  }

  panBy(dx: number, dy: number): void {
    const { view } = this.state
    this.update({ view: { ...view, x: view.x + dx, y: view.y + dy } })
  }

  showError(error: unknown): void {
    this.update({ error: AppError.from(error).toData() })
  }

  dismissError(): void {
    this.update({ error: undefined })
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
