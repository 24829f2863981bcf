import type { Editor } from '../Editor'
import { boxPoint, contains, handles, moveBy, rotateTo, scaleTo, type FreeTransform, type Handle } from '../transform/freeTransform'
import type { Tool, ToolPointer } from './tool'

/** How near, in screen pixels, a press must be to a handle to take it. */
const HANDLE_RADIUS = 8

/**
 * Free transform (Ctrl/Cmd+T): idle → moving | scaling | rotating, on the box the editor's transform store holds.
 * Inside the box moves, a handle scales (Shift keeps proportions), outside rotates (Shift: 15° steps). Nothing is
 * committed until Enter; Escape or another tool cancels.
 */
export class TransformTool implements Tool {
  readonly cursor = 'default'
  private gesture: { kind: 'moving' | 'rotating'; from: ToolPointer['document']; start: FreeTransform } | { kind: 'scaling'; handle: Handle; start: FreeTransform } | undefined

  constructor(private readonly editor: Editor) {}

  onPointerDown(pointer: ToolPointer): void {
    const start = this.editor.transform.get()
    if (!start) return
    const zoom = this.editor.view.get().view.zoom
    const handle = handles.find((h) => {
      const at = boxPoint(start, h.x, h.y)
      return Math.hypot(at.x - pointer.document.x, at.y - pointer.document.y) * zoom <= HANDLE_RADIUS
    })
    if (handle) this.gesture = { kind: 'scaling', handle, start }
    else this.gesture = { kind: contains(start, pointer.document) ? 'moving' : 'rotating', from: pointer.document, start }
  }

  onPointerMove(pointer: ToolPointer): void {
    const gesture = this.gesture
    if (!gesture) return
    const { start } = gesture
    const p = pointer.document
    if (gesture.kind === 'scaling') this.editor.transform.set(scaleTo(start, gesture.handle, p, pointer.shift))
    else if (gesture.kind === 'moving') this.editor.transform.set(moveBy(start, p.x - gesture.from.x, p.y - gesture.from.y))
    else this.editor.transform.set(rotateTo(start, gesture.from, p, pointer.shift))
  }

  onPointerUp(): void {
    this.gesture = undefined
  }

  onCancel(): void {
    this.gesture = undefined
    this.editor.cancelTransform()
  }

  canCommit(): boolean {
    return this.editor.transform.get() !== undefined
  }

  commit(): Promise<void> {
    this.gesture = undefined
    return this.editor.commitTransform()
  }
}
