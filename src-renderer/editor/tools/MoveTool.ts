import type { Editor } from '../Editor'
import type { Tool, ToolPointer } from './tool'

/** idle → dragging: moves the active layer with the pointer; on release the new offset is one version. */
export class MoveTool implements Tool {
  readonly cursor = 'move'
  private start: ToolPointer['document'] | undefined

  constructor(private readonly editor: Editor) {}

  onPointerDown(pointer: ToolPointer): void {
    if (this.editor.canMoveLayer()) this.start = pointer.document
  }

  onPointerMove(pointer: ToolPointer): void {
    if (!this.start) return
    this.editor.previewMove(Math.round(pointer.document.x - this.start.x), Math.round(pointer.document.y - this.start.y))
  }

  onPointerUp(): void {
    if (!this.start) return
    this.start = undefined
    void this.editor.commitMove()
  }

  onCancel(): void {
    this.start = undefined
    this.editor.previewMove(0, 0)
  }
}
