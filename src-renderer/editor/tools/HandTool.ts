import type { Editor } from '../Editor'
import type { Tool, ToolPointer } from './tool'

/** idle → dragging: moves the view with the pointer. */
export class HandTool implements Tool {
  readonly name = 'hand'
  readonly cursor = 'grab'
  private last: ToolPointer['screen'] | undefined

  constructor(private readonly editor: Editor) {}

  onPointerDown(pointer: ToolPointer): void {
    this.last = pointer.screen
  }

  onPointerMove(pointer: ToolPointer): void {
    if (!this.last) return
    this.editor.view.panBy(pointer.screen.x - this.last.x, pointer.screen.y - this.last.y)
    this.last = pointer.screen
  }

  onPointerUp(): void {
    this.last = undefined
  }

  onCancel(): void {
    this.last = undefined
  }
}
