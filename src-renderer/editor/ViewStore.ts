import { Store } from './Store'
import { centred, fitView, wheelView, zoomAbout, type Size, type View, type WheelInput } from './viewport'

export interface ViewSnapshot {
  view: View
  viewport: Size
}

/**
 * The view (zoom and pan) and the viewport's size. They change on every wheel tick and drag, so they live in a
 * store of their own: only the canvas and the zoom readout re-render, never the panels.
 */
export class ViewStore extends Store<ViewSnapshot> {
  constructor() {
    super({ view: { zoom: 1, x: 0, y: 0 }, viewport: { width: 0, height: 0 } })
  }

  private get snapshot(): ViewSnapshot {
    return this.get()
  }

  /** A new viewport size; the first one fits the document, if there is one, to it. */
  resize(viewport: Size, document: Size | undefined): void {
    const first = this.snapshot.viewport.width === 0
    this.show(first && document ? fitView(document, viewport) : this.snapshot.view, viewport)
  }

  fit(document: Size): void {
    this.show(fitView(document, this.snapshot.viewport))
  }

  actualPixels(document: Size): void {
    this.show(centred(document, this.snapshot.viewport, 1))
  }

  zoomBy(factor: number, anchor = { x: this.snapshot.viewport.width / 2, y: this.snapshot.viewport.height / 2 }): void {
    this.show(zoomAbout(this.snapshot.view, factor, anchor))
  }

  /** A wheel turn or trackpad gesture over the canvas at screen point `pointer`: scrolls, or zooms about it. */
  wheel(wheel: WheelInput, pointer: { x: number; y: number }): void {
    this.show(wheelView(this.snapshot.view, wheel, pointer, this.snapshot.viewport))
  }

  panBy(dx: number, dy: number): void {
    const { view } = this.snapshot
    this.show({ ...view, x: view.x + dx, y: view.y + dy })
  }

  private show(view: View, viewport = this.snapshot.viewport): void {
    this.set({ view, viewport })
  }
}
