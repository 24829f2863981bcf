import type { Editor } from '../Editor'
import { strokeBounds, type Stroke } from '../strokes'
import { paintable } from './paintable'
import type { Tool, ToolPointer } from './tool'

/**
 * Brush, eraser, mask brush and mask eraser: idle → painting. The stroke shows at once as an overlay; on release it
 * is laid into the layer and becomes one version (one gesture, one version), committed without the canvas waiting.
 */
export class PaintTool implements Tool {
  readonly cursor = 'crosshair'
  private stroke: Stroke | undefined

  constructor(
    private readonly editor: Editor,
    readonly name: Stroke['mode'],
  ) {}

  onPointerDown(pointer: ToolPointer): void {
    if (!paintable(this.editor, this.name)) return
    const { size, hardness, opacity, colour } = this.editor.getState().brush
    this.show({ mode: this.name, size, hardness, opacity, colour, points: [pointer.document.x, pointer.document.y], pressures: [pointer.pressure] })
  }

  onPointerMove(pointer: ToolPointer): void {
    if (!this.stroke) return
    this.show({ ...this.stroke, points: [...this.stroke.points, pointer.document.x, pointer.document.y], pressures: [...this.stroke.pressures, pointer.pressure] })
  }

  onPointerUp(): Promise<void> | void {
    const stroke = this.stroke
    this.stroke = undefined
    if (stroke) return this.lay(stroke)
  }

  onCancel(): void {
    this.stroke = undefined
    this.editor.gesture.set({ stroke: undefined })
  }

  private show(stroke: Stroke): void {
    this.stroke = stroke
    if (stroke.mode === 'mask' || stroke.mode === 'maskEraser') this.editor.toggleMask(true)
    this.editor.gesture.set({ stroke })
  }

  /** Lays the stroke into the layer (or its layer mask) at once and commits it as one version in the background. */
  private async lay(stroke: Stroke): Promise<void> {
    const { session } = this.editor
    // Painted on an opened photo's preview, the stroke shows over it and is laid once the photo's pixels are in.
    if (!(await session.pixelsLoaded())) return this.editor.gesture.set({})
    if (stroke.mode === 'mask' && !session.paintTarget('mask')) await session.addLayer('mask')
    const { document, rasters, maskTarget, selection } = this.editor.getState()
    const layer = session.paintTarget(stroke.mode)
    const raster = layer && rasters.get(layer.id)
    const bounds = layer && strokeBounds(stroke, layer)
    if (!document || !layer || !raster || !bounds) return this.editor.gesture.set({})
    const offset = { x: layer.offsetX, y: layer.offsetY }
    const onMask = raster.mask && maskTarget === layer.id && (stroke.mode === 'brush' || stroke.mode === 'eraser')
    if (onMask) {
      // The brush shows (paints white), the eraser hides: the mask is white pixels whose alpha is the mask.
      raster.mask!.paint({ ...stroke, colour: '#ffffff' }, offset, bounds, selection?.coverage)
      raster.mask!.redraw(bounds)
      const rgba = new Uint8Array(raster.mask!.read(bounds).buffer)
      this.editor.gesture.set({})
      const params = { size: stroke.size, hardness: stroke.hardness, opacity: stroke.opacity, points: stroke.points.length / 2 }
      return session.commitPixels(layer.id, stroke.mode, bounds, rgba, params, 'mask')
    }
    raster.paint(stroke, offset, bounds, selection?.coverage)
    const rgba = new Uint8Array(raster.read(bounds).buffer)
    this.editor.gesture.set({})
    const params = { size: stroke.size, hardness: stroke.hardness, opacity: stroke.opacity, colour: stroke.colour, points: stroke.points.length / 2 }
    await session.commitPixels(layer.id, stroke.mode, bounds, rgba, params)
  }
}
