/** A pointer event as tools see it: where it is in document pixels and on screen, and its pen pressure. */
export interface ToolPointer {
  document: { x: number; y: number }
  screen: { x: number; y: number }
  pressure: number
  shift: boolean
  alt: boolean
}

/** A tool is a small state machine: each pointer event may move it to another state. */
export interface Tool {
  readonly cursor: string
  onPointerDown(pointer: ToolPointer): void
  onPointerMove(pointer: ToolPointer): void
  onPointerUp(pointer: ToolPointer): void
  /** The gesture is abandoned (Escape, lost pointer capture): nothing it started is kept. */
  onCancel(): void
}

export type ToolName = 'hand' | 'move' | 'brush' | 'eraser' | 'mask' | 'maskEraser' | 'rectangle' | 'ellipse' | 'lasso' | 'wand' | 'eyedropper' | 'fill' | 'drag'
