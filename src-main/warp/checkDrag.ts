import { AppError, type LayerInfo } from '../../src-shared/contract'
import type { Point } from '../../src-shared/warp'

interface DragPoints {
  handles: readonly Point[]
  targets: readonly Point[]
  pins: readonly Point[]
}

/**
 * Refuses, with the error the user needs, a drag that cannot be applied to `layer` of a document of `document`
 * size. Points are in the layer's own pixels; a target may leave the layer (content dragged off the edge) but
 * not by more than the document's own size beyond the document's edge.
 */
export function checkDrag({ handles, targets, pins }: DragPoints, layer: LayerInfo, document: { width: number; height: number }): void {
  if (layer.locked) throw new AppError('layer.locked', `The layer “${layer.name}” is locked.`, { layer: layer.name })
  if (handles.length === 0) throw new AppError('warp.noPairs', 'Place at least one handle and drag it to a target.')
  for (const [kind, points] of [['handle', handles], ['pin', pins]] as const) {
    for (const p of points) {
      if (p.x < 0 || p.y < 0 || p.x >= layer.width || p.y >= layer.height)
        throw new AppError('warp.handleOutsideLayer', `A ${kind} at (${p.x}, ${p.y}) lies outside the ${layer.width}×${layer.height} layer.`, {
          x: p.x,
          y: p.y,
        })
    }
  }
  // Moving least squares is exact at each control point: two on one pixel would have to go two ways at once.
  onePerPixel([...handles, ...pins], 'Two handles (or a handle and a pin) sit on one pixel')
  onePerPixel([...targets, ...pins], 'Two targets (or a target and a pin) land on one pixel')
  for (const t of targets) {
    const x = t.x + layer.offsetX
    const y = t.y + layer.offsetY
    if (x < -document.width || y < -document.height || x > 2 * document.width || y > 2 * document.height)
      throw new AppError('warp.targetTooFar', `A target at (${t.x}, ${t.y}) lies more than the document's size beyond its edge.`, { x: t.x, y: t.y })
  }
}

function onePerPixel(points: readonly Point[], message: string): void {
  const seen = new Set<string>()
  for (const p of points) {
    const key = `${Math.floor(p.x)},${Math.floor(p.y)}`
    if (seen.has(key)) throw new AppError('warp.handlesOnOnePixel', `${message}: (${Math.floor(p.x)}, ${Math.floor(p.y)}).`, { x: p.x, y: p.y })
    seen.add(key)
  }
}
