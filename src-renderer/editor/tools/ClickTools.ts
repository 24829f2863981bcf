import type { Editor } from '../Editor'
import type { Tool, ToolPointer } from './tool'

/** Tools that act once per click: the eyedropper and the fill bucket. */
abstract class ClickTool implements Tool {
  readonly cursor = 'crosshair'
  constructor(protected readonly editor: Editor) {}
  abstract onPointerDown(pointer: ToolPointer): void
  onPointerMove(): void {}
  onPointerUp(): void {}
  onCancel(): void {}
}

/** Picks the brush colour from the active layer. */
export class EyedropperTool extends ClickTool {
  onPointerDown(pointer: ToolPointer): void {
    this.editor.pickColour(pointer.document)
  }
}

/** Fills the selection, or the area like the clicked pixel when nothing is selected, with the brush colour. */
export class FillTool extends ClickTool {
  onPointerDown(pointer: ToolPointer): void {
    void this.editor.fill(pointer.document)
  }
}
