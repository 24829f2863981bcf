import type { Rect } from '../../../src-shared/contract'
import type { Editor } from '../Editor'
import { dragRectangle } from '../selection/shapes'
import { handles, type Handle } from '../transform/freeTransform'
import type { Tool, ToolPointer } from './tool'

/** How near, in screen pixels, a press must be to a handle to take it. */
const HANDLE_RADIUS = 8

/**
 * Crop (C): idle → drawing | adjusting | moving. A drag outside the crop box draws a new one; a handle moves its
 * edges, a drag inside moves the box. Enter crops the document to it (one version); Escape drops it.
 */
export class CropTool implements Tool {
  readonly name = 'crop'
  readonly cursor = 'crosshair'
  private gesture:
    | { kind: 'drawing'; from: ToolPointer['document'] }
    | { kind: 'moving'; from: ToolPointer['document']; start: Rect }
    | { kind: 'adjusting'; handle: Handle; start: Rect }
    | undefined

  constructor(private readonly editor: Editor) {}

  onPointerDown(pointer: ToolPointer): void {
    const box = this.editor.crop.get()
    const p = pointer.document
    const zoom = this.editor.view.get().view.zoom
    const handle = box && handles.find((h) => Math.hypot(handleX(box, h) - p.x, handleY(box, h) - p.y) * zoom <= HANDLE_RADIUS)
    if (box && handle) this.gesture = { kind: 'adjusting', handle, start: box }
    else if (box && p.x >= box.x && p.y >= box.y && p.x <= box.x + box.width && p.y <= box.y + box.height) this.gesture = { kind: 'moving', from: p, start: box }
    else this.gesture = { kind: 'drawing', from: p }
  }

  onPointerMove(pointer: ToolPointer): void {
    const gesture = this.gesture
    const p = pointer.document
    if (!gesture) return
    if (gesture.kind === 'drawing') return this.editor.crop.set(dragRectangle(gesture.from, p))
    if (gesture.kind === 'moving') return this.editor.crop.set({ ...gesture.start, x: gesture.start.x + p.x - gesture.from.x, y: gesture.start.y + p.y - gesture.from.y })
    const { start, handle } = gesture
    const left = handle.x === -1 ? p.x : start.x
    const right = handle.x === 1 ? p.x : start.x + start.width
    const top = handle.y === -1 ? p.y : start.y
    const bottom = handle.y === 1 ? p.y : start.y + start.height
    this.editor.crop.set(dragRectangle({ x: left, y: top }, { x: right, y: bottom }))
  }

  onPointerUp(): void {
    this.gesture = undefined
  }

  onCancel(): void {
    this.gesture = undefined
    this.editor.crop.set(undefined)
  }

  canCommit(): boolean {
    return this.editor.crop.get() !== undefined
  }

  /** Crops the document to the box, cut to whole pixels inside the document: one version; undo restores the size. */
  async commit(): Promise<void> {
    this.gesture = undefined
    const box = this.editor.crop.get()
    const document = this.editor.getState().document
    if (!box || !document) return
    const x = Math.max(0, Math.round(box.x))
    const y = Math.max(0, Math.round(box.y))
    const rect = { x, y, width: Math.min(document.width, Math.round(box.x + box.width)) - x, height: Math.min(document.height, Math.round(box.y + box.height)) - y }
    this.editor.crop.set(undefined)
    if (rect.width >= 1 && rect.height >= 1) await this.editor.session.resizeCanvas(rect)
  }
}

const handleX = (box: Rect, handle: Handle) => box.x + ((handle.x + 1) / 2) * box.width
const handleY = (box: Rect, handle: Handle) => box.y + ((handle.y + 1) / 2) * box.height
