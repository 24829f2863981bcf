import { useEffect, useRef } from 'react'
import type Konva from 'konva'
import { Layer, Shape } from 'react-konva'
import type { View } from '../editor/viewport'

/** Screen pixels of each dash, and how often the dashes step along (Photoshop's ants crawl about this fast). */
const DASH = 4
const STEP_MS = 100

/**
 * The selection's outline as marching ants: white under black dashes that crawl along it, one screen pixel wide at
 * any zoom. A layer of its own, so each step redraws the outline alone, not the document beneath it.
 */
export function MarchingAnts({ outline, view }: { outline: Float32Array; view: View }) {
  const layer = useRef<Konva.Layer>(null)
  const phase = useRef(0)
  useEffect(() => {
    const timer = setInterval(() => {
      phase.current = (phase.current + 1) % (2 * DASH)
      layer.current?.batchDraw()
    }, STEP_MS)
    return () => clearInterval(timer)
  }, [])
  return (
    <Layer ref={layer} listening={false}>
      <Shape
        sceneFunc={(context) => {
          // Drawn in screen pixels: segments placed by the view, so line width and dashes don't scale with the zoom.
          const native = context._context
          native.beginPath()
          for (let i = 0; i < outline.length; i += 4) {
            native.moveTo(Math.round(view.x + outline[i]! * view.zoom) + 0.5, Math.round(view.y + outline[i + 1]! * view.zoom) + 0.5)
            native.lineTo(Math.round(view.x + outline[i + 2]! * view.zoom) + 0.5, Math.round(view.y + outline[i + 3]! * view.zoom) + 0.5)
          }
          native.lineWidth = 1
          native.setLineDash([])
          native.strokeStyle = '#ffffff'
          native.stroke()
          native.setLineDash([DASH, DASH])
          native.lineDashOffset = -phase.current
          native.strokeStyle = '#000000'
          native.stroke()
        }}
      />
    </Layer>
  )
}
