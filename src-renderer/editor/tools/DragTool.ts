import type { DragPoint } from '../drag/DragSession'
import { paintable } from './paintable'
import type { Editor } from '../Editor'
import type { Tool, ToolPointer } from './tool'

/** How near, in screen pixels, a click must be to pick up a handle, target or pin. */
const PICK_RADIUS = 8

/**
 * Drag to deform: idle → carrying. A click places a handle and carries its target with the pointer; a click on a
 * handle, target or pin carries that point; Shift-click places a pin, Alt-click removes what it hits. The drag
 * stays editable until it is applied (Enter) or cleared (Escape).
 */
export class DragTool implements Tool {
  readonly name = 'drag'
  readonly cursor = 'crosshair'
  private carried: DragPoint | undefined

  constructor(private readonly editor: Editor) {}

  onPointerDown(pointer: ToolPointer): void {
    if (!paintable(this.editor, 'brush')) return
    const drag = this.editor.drag
    const hit = drag.pointAt(pointer.document, PICK_RADIUS / this.editor.view.get().view.zoom)
    if (pointer.alt) {
      if (hit) drag.remove(hit)
    } else if (hit) this.carried = hit
    else if (pointer.shift) drag.addPin(pointer.document)
    else this.carried = drag.placeHandle(pointer.document)
  }

  onPointerMove(pointer: ToolPointer): void {
    if (this.carried) this.editor.drag.move(this.carried, pointer.document)
    else this.editor.drag.hover(pointer.document)
  }

  onPointerUp(): void {
    this.carried = undefined
  }

  onPointerLeave(): void {
    this.editor.drag.hover(undefined)
  }

  onCancel(): void {
    this.carried = undefined
    this.editor.drag.hover(undefined)
    this.editor.drag.clear()
  }
}
