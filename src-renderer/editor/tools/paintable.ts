import type { Editor } from '../Editor'
import type { Stroke } from '../strokes'

/** Whether a stroke (or a fill, or a drag) may start now on its layer; says why not when it may not. */
export function paintable(editor: Editor, mode: Stroke['mode']): boolean {
  const document = editor.getState().document
  if (!document) return false
  const layer = editor.session.paintTarget(mode)
  // The first mask stroke makes the mask layer (PaintTool); nothing else lacks a target.
  if (!layer) return mode === 'mask' && editor.mayEdit(undefined)
  return editor.mayEdit(layer, { locked: true, hidden: true })
}
