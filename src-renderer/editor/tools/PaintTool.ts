import type { Editor } from '../Editor'
import type { Stroke } from '../strokes'
import type { Tool, ToolPointer } from './tool'

/**
 * Brush, eraser, mask brush and mask eraser: idle → painting. The stroke shows at once as an overlay; on release it becomes one
 * version (one gesture, one version), committed without the canvas waiting for it.
 */
export class PaintTool implements Tool {
  readonly cursor = 'crosshair'
  private stroke: Stroke | undefined

  constructor(
    private readonly editor: Editor,
    private readonly mode: Stroke['mode'],
  ) {}

  onPointerDown(pointer: ToolPointer): void {
    if (!this.editor.canPaint(this.mode)) return
    const { size, hardness, opacity, colour } = this.editor.getState().brush
    this.stroke = { mode: this.mode, size, hardness, opacity, colour, points: [pointer.document.x, pointer.document.y], pressures: [pointer.pressure] }
    this.editor.showStroke(this.stroke)
  }

  onPointerMove(pointer: ToolPointer): void {
    if (!this.stroke) return
    this.stroke = {
      ...this.stroke,
      points: [...this.stroke.points, pointer.document.x, pointer.document.y],
      pressures: [...this.stroke.pressures, pointer.pressure],
    }
    this.editor.showStroke(this.stroke)
  }

  onPointerUp(): void {
    if (!this.stroke) return
    void this.editor.commitStroke(this.stroke)
    this.stroke = undefined
  }

  onCancel(): void {
    this.stroke = undefined
    this.editor.showStroke(undefined)
  }
}
