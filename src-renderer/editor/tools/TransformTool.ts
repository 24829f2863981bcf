import type { Editor } from '../Editor'
import { beginTransform, boxPoint, contains, handles, isIdentity, moveBy, rotateTo, scaleTo, transformMatrix, type FreeTransform, type Handle } from '../transform/freeTransform'
import type { Tool, ToolName, ToolPointer } from './tool'

/** How near, in screen pixels, a press must be to a handle to take it. */
const HANDLE_RADIUS = 8

/**
 * Free transform (Ctrl/Cmd+T): idle → moving | scaling | rotating, on the box the editor's transform store holds.
 * Inside the box moves, a handle scales (Shift keeps proportions), outside rotates (Shift: 15° steps). Nothing is
 * committed until Enter; Escape or another tool cancels.
 */
export class TransformTool implements Tool {
  readonly name = 'transform'
  readonly cursor = 'default'
  /** The tool to go back to when the transform is applied or cancelled. */
  private previous: ToolName = 'move'
  private gesture: { kind: 'moving' | 'rotating'; from: ToolPointer['document']; start: FreeTransform } | { kind: 'scaling'; handle: Handle; start: FreeTransform } | undefined

  constructor(private readonly editor: Editor) {}

  /** Shows the box on the active layer; a locked or hidden layer refuses, with the reason. */
  onEnter(previous: ToolName): boolean {
    const layer = this.editor.session.activeLayer()
    if (!layer || !this.editor.mayEdit(layer, { locked: true, hidden: true })) return false
    this.previous = previous === 'transform' ? 'move' : previous
    this.editor.transform.set(beginTransform(layer.id, { x: layer.offsetX, y: layer.offsetY, width: layer.width, height: layer.height }))
    return true
  }

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

  /** Escape drops the transform and goes back to the tool before it; another tool chosen drops it too. */
  onCancel(): void {
    this.gesture = undefined
    this.end()
  }

  canCommit(): boolean {
    return this.editor.transform.get() !== undefined
  }

  /** Applies the transform as one version: main resamples the layer at full resolution. */
  async commit(): Promise<void> {
    this.gesture = undefined
    const transform = this.editor.transform.get()
    if (!transform) return
    if (!isIdentity(transform)) await this.editor.session.changeLayers('layers.transform', { layerId: transform.layerId, matrix: transformMatrix(transform) })
    this.end()
  }

  private end(): void {
    if (!this.editor.transform.get()) return
    this.editor.transform.set(undefined)
    if (this.editor.getState().tool === 'transform') this.editor.setTool(this.previous)
  }
}
