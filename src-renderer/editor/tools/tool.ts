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
  readonly name: ToolName
  readonly cursor: string
  /** The tool is being chosen, `previous` being the active one; false refuses (and says why). */
  onEnter?(previous: ToolName): boolean

  onPointerDown(pointer: ToolPointer): void
  onPointerMove(pointer: ToolPointer): void
  onPointerUp(pointer: ToolPointer): void
  /** The pointer left the canvas: a mark that follows it (the drag radius) goes. */
  onPointerLeave?(): void
  /** The gesture is abandoned (Escape, lost pointer capture): nothing it started is kept. */
  onCancel(): void
  /** Whether Enter has something to finish: a polygon to close, a transform or a crop to apply. */
  canCommit?(): boolean
  commit?(): void | Promise<void>
  /** Whether Backspace has a step to take back, such as a polygon's last vertex. */
  canStepBack?(): boolean
  stepBack?(): void
}

export type ToolName = 'hand' | 'move' | 'brush' | 'eraser' | 'mask' | 'maskEraser' | 'rectangle' | 'ellipse' | 'lasso' | 'polygon' | 'wand' | 'transform' | 'crop' | 'eyedropper' | 'fill' | 'drag' | 'object'
