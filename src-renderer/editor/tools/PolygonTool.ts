import type { Editor } from '../Editor'
import type { CombineMode } from '../selection/coverage'
import { combineModeOf } from './SelectTool'
import type { Tool, ToolPointer } from './tool'

/** How near, in screen pixels, a click must be to the first vertex to close the polygon, or to the last for a double-click. */
const CLOSE_RADIUS = 8
/** Two clicks within this many milliseconds make a double-click. */
const DOUBLE_CLICK_MS = 400

/**
 * Polygonal lasso: idle → placing. Each click places a vertex and the edge to the pointer follows it; a click on the
 * first vertex, a double-click or Enter closes the polygon into a selection (combined by the first click's
 * modifiers), Backspace takes back the last vertex, Escape abandons it.
 */
export class PolygonTool implements Tool {
  readonly name = 'polygon'
  readonly cursor = 'crosshair'
  private placing: { points: number[]; mode: CombineMode; lastClick: { at: number; screen: ToolPointer['screen'] }; pointer: ToolPointer['document'] } | undefined

  constructor(private readonly editor: Editor) {}

  onPointerDown(pointer: ToolPointer): void {
    const { x, y } = pointer.document
    const placing = this.placing
    if (!placing) {
      this.placing = { points: [x, y], mode: combineModeOf(pointer), lastClick: { at: performance.now(), screen: pointer.screen }, pointer: pointer.document }
      return this.show()
    }
    const zoom = this.editor.view.get().view.zoom
    const nearFirst = Math.hypot(x - placing.points[0]!, y - placing.points[1]!) * zoom <= CLOSE_RADIUS
    const { at, screen } = placing.lastClick
    const doubleClick = performance.now() - at <= DOUBLE_CLICK_MS && Math.hypot(pointer.screen.x - screen.x, pointer.screen.y - screen.y) <= CLOSE_RADIUS
    if ((nearFirst && placing.points.length >= 6) || doubleClick) return this.commit()
    placing.points.push(x, y)
    placing.lastClick = { at: performance.now(), screen: pointer.screen }
    this.show()
  }

  onPointerMove(pointer: ToolPointer): void {
    if (!this.placing) return
    this.placing.pointer = pointer.document
    this.show()
  }

  onPointerUp(): void {}

  onCancel(): void {
    this.placing = undefined
    this.editor.gesture.set({ polygonDraft: undefined })
  }

  canCommit(): boolean {
    return this.placing !== undefined
  }

  /** Closes the polygon into the selection; fewer than three vertices select nothing (a replace deselects). */
  commit(): void {
    const placing = this.placing
    this.onCancel()
    if (!placing) return
    if (placing.points.length >= 6) this.editor.selection.select({ kind: 'lasso', points: placing.points }, placing.mode)
    else if (placing.mode === 'replace') this.editor.selection.deselect()
  }

  canStepBack(): boolean {
    return this.placing !== undefined
  }

  /** Takes back the last vertex; taking back the only one abandons the polygon. */
  stepBack(): void {
    const placing = this.placing
    if (!placing) return
    if (placing.points.length <= 2) return this.onCancel()
    placing.points.length -= 2
    this.show()
  }

  private show(): void {
    this.editor.gesture.set({ polygonDraft: { points: [...this.placing!.points], pointer: this.placing!.pointer } })
  }
}
