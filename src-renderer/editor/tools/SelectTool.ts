import type { Editor } from '../Editor'
import type { CombineMode } from '../selection/coverage'
import { dragRectangle, type SelectionShape } from '../selection/shapes'
import type { Tool, ToolPointer } from './tool'

/** Photoshop's modifiers when a selection starts: Shift adds, Alt subtracts, both intersect. */
export function combineModeOf(pointer: ToolPointer): CombineMode {
  return pointer.shift && pointer.alt ? 'intersect' : pointer.shift ? 'add' : pointer.alt ? 'subtract' : 'replace'
}

/** Rectangle, ellipse and lasso selection: idle → dragging, the outline following the pointer until release. */
export class SelectTool implements Tool {
  readonly cursor = 'crosshair'
  readonly name: SelectionShape['kind']
  private drag: { start: ToolPointer['document']; mode: CombineMode; points: number[] } | undefined

  constructor(
    private readonly editor: Editor,
    private readonly kind: SelectionShape['kind'],
  ) {
    this.name = kind
  }

  onPointerDown(pointer: ToolPointer): void {
    this.drag = { start: pointer.document, mode: combineModeOf(pointer), points: [pointer.document.x, pointer.document.y] }
  }

  onPointerMove(pointer: ToolPointer): void {
    if (!this.drag) return
    this.drag.points.push(pointer.document.x, pointer.document.y)
    this.editor.gesture.set({ selectionDraft: this.shape(pointer) })
  }

  onPointerUp(pointer: ToolPointer): void {
    if (!this.drag) return
    const shape = this.shape(pointer)
    const mode = this.drag.mode
    this.drag = undefined
    this.editor.gesture.set({ selectionDraft: undefined })
    // A click without a drag deselects, as in Photoshop.
    const empty = shape.kind === 'lasso' ? shape.points.length < 6 : shape.width < 1 || shape.height < 1
    if (empty) {
      if (mode === 'replace') this.editor.selection.deselect()
    } else this.editor.selection.select(shape, mode)
  }

  onCancel(): void {
    this.drag = undefined
    this.editor.gesture.set({ selectionDraft: undefined })
  }

  private shape(pointer: ToolPointer): SelectionShape {
    const drag = this.drag!
    return this.kind === 'lasso' ? { kind: 'lasso', points: [...drag.points] } : { kind: this.kind, ...dragRectangle(drag.start, pointer.document) }
  }
}

/** Magic wand: one click selects the pixels like the one clicked, combined by the same modifiers. */
export class MagicWandTool implements Tool {
  readonly name = 'wand'
  readonly cursor = 'crosshair'

  constructor(private readonly editor: Editor) {}

  onPointerDown(pointer: ToolPointer): Promise<void> {
    return this.editor.selection.magicWand(pointer.document, combineModeOf(pointer))
  }

  onPointerMove(): void {}
  onPointerUp(): void {}
  onCancel(): void {}
}
