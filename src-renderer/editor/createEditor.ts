import type { ApiClient } from '../transport/apiClient'
import { canvasPixels } from './canvasPixels'
import { DragPreview } from './drag/DragPreview'
import { Editor } from './Editor'
import { createPixelScans } from './scans/PixelScans'
import { defaultTools } from './tools/defaultTools'

/** The window's editor: canvas pixels, pixel scans in a Worker, the WebGL drag preview, every tool. */
export function createEditor(api: ApiClient): Editor {
  return new Editor(api, { pixels: canvasPixels, scans: createPixelScans(), dragPreview: new DragPreview(), tools: defaultTools })
}
