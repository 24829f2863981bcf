import type { Editor } from '../Editor'
import type { Tool, ToolPointer } from './tool'

/** idle → dragging: moves the active layer with the pointer; on release the new offset is one version. */
export class MoveTool implements Tool {
  readonly name = 'move'
  readonly cursor = 'move'
  private start: ToolPointer['document'] | undefined

  constructor(private readonly editor: Editor) {}

  onPointerDown(pointer: ToolPointer): void {
    const layer = this.editor.session.activeLayer()
    if (layer && this.editor.mayEdit(layer, { locked: true })) this.start = pointer.document
  }

  onPointerMove(pointer: ToolPointer): void {
    if (!this.start) return
    this.preview(Math.round(pointer.document.x - this.start.x), Math.round(pointer.document.y - this.start.y))
  }

  /** The new offset becomes one version. */
  async onPointerUp(): Promise<void> {
    if (!this.start) return
    this.start = undefined
    const moving = this.editor.gesture.get().moving
    const layer = this.editor.session.activeLayer()
    if (!moving || !layer) return
    await this.editor.session.changeLayers('layers.update', { layerId: layer.id, changes: { offsetX: layer.offsetX + moving.dx, offsetY: layer.offsetY + moving.dy } })
    this.editor.gesture.set({})
  }

  onCancel(): void {
    this.start = undefined
    this.preview(0, 0)
  }

  private preview(dx: number, dy: number): void {
    const layer = this.editor.session.activeLayer()
    this.editor.gesture.set({ moving: layer && (dx || dy) ? { layerId: layer.id, dx, dy } : undefined })
  }
}
