import type { Editor } from '../Editor'
import { EyedropperTool, FillTool } from './ClickTools'
import { CropTool } from './CropTool'
import { DragTool } from './DragTool'
import { HandTool } from './HandTool'
import { MoveTool } from './MoveTool'
import { ObjectSelectTool } from './ObjectSelectTool'
import { PaintTool } from './PaintTool'
import { PolygonTool } from './PolygonTool'
import { MagicWandTool, SelectTool } from './SelectTool'
import type { Tool } from './tool'
import { TransformTool } from './TransformTool'

/** The editor's tools, one per ToolName, as the window and the Node test editor both give them to it. */
export function defaultTools(editor: Editor): Tool[] {
  return [
    new HandTool(editor),
    new PaintTool(editor, 'brush'),
    new PaintTool(editor, 'eraser'),
    new PaintTool(editor, 'mask'),
    new PaintTool(editor, 'maskEraser'),
    new SelectTool(editor, 'rectangle'),
    new SelectTool(editor, 'ellipse'),
    new SelectTool(editor, 'lasso'),
    new PolygonTool(editor),
    new TransformTool(editor),
    new CropTool(editor),
    new MagicWandTool(editor),
    new MoveTool(editor),
    new EyedropperTool(editor),
    new FillTool(editor),
    new DragTool(editor),
    new ObjectSelectTool(editor),
  ]
}
