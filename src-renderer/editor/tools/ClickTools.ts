import { coverageBounds } from '../selection/coverage'
import type { Editor } from '../Editor'
import { paintable } from './paintable'
import type { Tool, ToolName, ToolPointer } from './tool'

/** Tools that act once per click: the eyedropper and the fill bucket. */
abstract class ClickTool implements Tool {
  abstract readonly name: ToolName
  readonly cursor = 'crosshair'
  constructor(protected readonly editor: Editor) {}
  abstract onPointerDown(pointer: ToolPointer): void
  onPointerMove(): void {}
  onPointerUp(): void {}
  onCancel(): void {}
}

/** Picks the brush colour from the active layer's pixel under the point (opaque colours only, as a colour picker shows). */
export class EyedropperTool extends ClickTool {
  readonly name = 'eyedropper'

  onPointerDown(pointer: ToolPointer): void {
    const layer = this.editor.session.paintTarget('brush')
    const raster = layer && this.editor.getState().rasters.get(layer.id)
    if (!layer || !raster) return
    const x = Math.floor(pointer.document.x - layer.offsetX)
    const y = Math.floor(pointer.document.y - layer.offsetY)
    if (x < 0 || y < 0 || x >= raster.width || y >= raster.height) return
    const [r, g, b] = raster.read({ x, y, width: 1, height: 1 })
    this.editor.setBrush({ colour: `#${[r, g, b].map((c) => c!.toString(16).padStart(2, '0')).join('')}` })
  }
}

/** Fills the selection, or else the area like the clicked pixel (the wand's tolerance), with the brush colour: one version. */
export class FillTool extends ClickTool {
  readonly name = 'fill'

  async onPointerDown(pointer: ToolPointer): Promise<void> {
    if (!(await this.editor.session.pixelsLoaded())) return
    const { document, rasters, selection, wand, brush } = this.editor.getState()
    const layer = this.editor.session.paintTarget('brush')
    const raster = layer && rasters.get(layer.id)
    if (!document || !layer || !raster || !paintable(this.editor, 'brush')) return
    const x = Math.floor(pointer.document.x - layer.offsetX)
    const y = Math.floor(pointer.document.y - layer.offsetY)
    let region = selection?.coverage
    if (!region) {
      if (x < 0 || y < 0 || x >= raster.width || y >= raster.height) return
      const { scans } = this.editor.selection
      region = await scans.placed(await scans.magicWand(raster.read(), raster.width, raster.height, { x, y }, wand.tolerance, true), layer, document)
    }
    const bounds = coverageBounds(region)
    if (!bounds) return
    const rect = { x: bounds.x - layer.offsetX, y: bounds.y - layer.offsetY, width: bounds.width, height: bounds.height }
    const pixels = raster.read(rect)
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(brush.colour.slice(i, i + 2), 16))
    for (let row = 0; row < rect.height; row++) {
      for (let column = 0; column < rect.width; column++) {
        const coverage = (region.alpha[(bounds.y + row) * region.width + bounds.x + column]! / 255) * brush.opacity
        if (coverage === 0) continue
        const i = (row * rect.width + column) * 4
        const alpha = pixels[i + 3]! / 255
        const outAlpha = coverage + alpha * (1 - coverage)
        for (const [c, value] of [r!, g!, b!].entries()) pixels[i + c] = Math.round((value * coverage + pixels[i + c]! * alpha * (1 - coverage)) / outAlpha)
        pixels[i + 3] = Math.round(outAlpha * 255)
      }
    }
    raster.write(rect, pixels)
    await this.editor.session.commitPixels(layer.id, 'fill', rect, new Uint8Array(pixels.buffer), { colour: brush.colour, opacity: brush.opacity })
  }
}
