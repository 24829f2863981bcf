import type { Editor } from '../Editor'
import { dragRectangle } from '../selection/shapes'
import type { Tool, ToolPointer } from './tool'

/** How far, in screen pixels, the pointer must move while pressed for a click to become a box. */
const BOX_THRESHOLD = 4

/**
 * Select › Object (click to segment): idle → pressed → boxing. Hovering previews the mask with the pointer as a
 * tentative point; a click adds a positive point, Alt-click a negative one, a drag draws the box. Enter makes the
 * mask the selection (Shift+Enter adds to it, Alt+Enter subtracts), Backspace takes back the last point, Escape
 * drops them all. The prompt and its mask live in the editor's ObjectSelection.
 */
export class ObjectSelectTool implements Tool {
  readonly name = 'object'
  readonly cursor = 'crosshair'
  private pressed: { start: ToolPointer; boxing: boolean } | undefined

  constructor(private readonly editor: Editor) {}

  private get prompt() {
    return this.editor.objectSelection
  }

  onPointerDown(pointer: ToolPointer): void {
    this.pressed = { start: pointer, boxing: false }
    this.prompt.hover(undefined)
  }

  onPointerMove(pointer: ToolPointer): void {
    const pressed = this.pressed
    if (!pressed) return this.prompt.hover({ ...pointer.document, positive: !pointer.alt })
    const { screen } = pressed.start
    if (!pressed.boxing && Math.hypot(pointer.screen.x - screen.x, pointer.screen.y - screen.y) >= BOX_THRESHOLD) pressed.boxing = true
    if (pressed.boxing) this.prompt.showBoxDraft(dragRectangle(pressed.start.document, pointer.document))
  }

  onPointerUp(pointer: ToolPointer): void {
    const pressed = this.pressed
    this.pressed = undefined
    if (!pressed) return
    if (!pressed.boxing) return this.prompt.addPoint({ ...pressed.start.document, positive: !pressed.start.alt })
    const box = wholePixels(dragRectangle(pressed.start.document, pointer.document))
    if (box.width >= 1 && box.height >= 1) this.prompt.setBox(box)
    else this.prompt.showBoxDraft(undefined)
  }

  onPointerLeave(): void {
    if (!this.pressed) this.prompt.hover(undefined)
  }

  onCancel(): void {
    this.pressed = undefined
    this.prompt.clear()
  }

  canCommit(): boolean {
    return this.prompt.hasPrompt()
  }

  commit(): Promise<void> {
    return this.editor.selection.object('replace')
  }

  canStepBack(): boolean {
    return this.prompt.hasPrompt()
  }

  stepBack(): void {
    this.prompt.stepBack()
  }
}

/** The box as whole document pixels: the corners rounded. */
function wholePixels(box: { x: number; y: number; width: number; height: number }) {
  const [x, y] = [Math.round(box.x), Math.round(box.y)]
  return { x, y, width: Math.round(box.x + box.width) - x, height: Math.round(box.y + box.height) - y }
}
