import { useEffect, useRef, type CSSProperties, type ReactNode } from 'react'
import { Arrow, Circle, Group, Layer, Rect, Stage } from 'react-konva'
import { radiusApplies, type DragState } from '../editor/drag/DragSession'
import type { Size, View } from '../editor/viewport'
import { MarchingAnts } from './MarchingAnts'

const HANDLE = '#ffd33d'
const PIN = '#4aa8ff'
const FOLD = 'rgba(229, 83, 75, 0.45)'

/**
 * The drag over the document canvas: the GPU's preview of the warped layer (a canvas of its own, the viewport's
 * size, shown as it is rather than copied into the stage on every frame), and above it, on a stage of their own,
 * `above` (what the document shows over that layer, in document pixels) and the drag's marks. A frame of the drag
 * redraws neither the document's stage nor the warped layer's pixels in Konva.
 */
export function DragOverlay({ drag, view, viewport, outline, children: above }: { drag: DragState; view: View; viewport: Size; outline?: Float32Array; children?: ReactNode }) {
  const preview = drag.preview?.renderer === 'webgl' ? drag.preview : undefined
  const circles = radiusCircles(drag)
  const marked = drag.pairs.length > 0 || drag.pins.length > 0 || circles.length > 0
  if (!preview && !marked) return null
  return (
    <div style={{ position: 'absolute', inset: 0, pointerEvents: 'none' }}>
      {preview && <ShownCanvas canvas={preview.screen} viewport={viewport} style={{ opacity: preview.opacity, mixBlendMode: preview.blendMode }} />}
      {(marked || preview) && (
        <Stage width={viewport.width} height={viewport.height} listening={false}>
          <Layer imageSmoothingEnabled={view.zoom < 1} listening={false}>
            <Group x={view.x} y={view.y} scaleX={view.zoom} scaleY={view.zoom}>
              {above}
              <DragMarks drag={drag} zoom={view.zoom} />
            </Group>
          </Layer>
          {/* The selection's ants, over the GPU preview that covers the stage's own. */}
          {preview && outline && <MarchingAnts outline={outline} view={view} />}
        </Stage>
      )}
    </div>
  )
}

/** A canvas drawn elsewhere, put in the page at the viewport's size in CSS pixels (it is sized in device pixels). */
function ShownCanvas({ canvas, viewport, style }: { canvas: HTMLCanvasElement; viewport: Size; style: CSSProperties }) {
  const host = useRef<HTMLDivElement>(null)
  useEffect(() => {
    host.current!.appendChild(canvas)
    return () => canvas.remove()
  }, [canvas])
  useEffect(() => {
    Object.assign(canvas.style, { position: 'absolute', left: '0', top: '0', width: `${viewport.width}px`, height: `${viewport.height}px` })
  }, [canvas, viewport])
  return <div ref={host} style={{ position: 'absolute', inset: 0, ...style }} />
}

/** Where the radius circle shows, while the radius limits the drag: around each handle, or the pointer before there is one. */
function radiusCircles(drag: DragState): { x: number; y: number }[] {
  if (!radiusApplies(drag)) return []
  if (drag.pairs.length > 0) return drag.pairs.map((pair) => pair.handle)
  return drag.pointer ? [drag.pointer] : []
}

/**
 * The drag being built (document pixels, sizes kept constant on screen): each handle a dot, an arrow to its target,
 * the target a ring; pins as blue squares; where the drag folds, red cells.
 */
function DragMarks({ drag, zoom }: { drag: DragState; zoom: number }) {
  const px = 1 / zoom
  const outline = { shadowColor: '#000', shadowBlur: 0, shadowOffset: { x: px, y: px } }
  return (
    <>
      {radiusCircles(drag).map((centre, i) => (
        <Circle key={`radius${i}`} x={centre.x} y={centre.y} radius={drag.radius} stroke="#ffffff" strokeWidth={px} dash={[6 * px, 4 * px]} {...outline} />
      ))}
      {drag.preview?.foldedCells.map((cell, i) => <Rect key={`fold${i}`} {...cell} fill={FOLD} />)}
      {drag.pairs.map(({ handle, target }, i) => (
        <Group key={i}>
          <Arrow points={[handle.x, handle.y, target.x, target.y]} stroke={HANDLE} fill={HANDLE} strokeWidth={2 * px} pointerLength={8 * px} pointerWidth={8 * px} {...outline} />
          <Circle x={handle.x} y={handle.y} radius={4 * px} fill={HANDLE} {...outline} />
          <Circle x={target.x} y={target.y} radius={7 * px} stroke={HANDLE} strokeWidth={2 * px} {...outline} />
        </Group>
      ))}
      {drag.pins.map((pin, i) => (
        <Rect key={`pin${i}`} x={pin.x - 4 * px} y={pin.y - 4 * px} width={8 * px} height={8 * px} fill={PIN} stroke="#fff" strokeWidth={px} />
      ))}
    </>
  )
}
