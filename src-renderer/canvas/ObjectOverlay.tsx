import { useSyncExternalStore } from 'react'
import { Circle, Image as KonvaImage, Rect } from 'react-konva'
import type { ObjectSelection } from '../editor/selection/ObjectSelection'

const POSITIVE = '#3fb950'
const NEGATIVE = '#f85149'

/** Select › Object on the canvas: the live mask tinted, the box, and each click as a green (adds) or red (takes away) dot. */
export function ObjectOverlay({ selection, zoom }: { selection: ObjectSelection; zoom: number }) {
  const { preview, points, box, boxDraft } = useSyncExternalStore(selection.subscribe, selection.get)
  const outline = { stroke: '#ffffff', strokeWidth: 1 / zoom, shadowColor: '#000', shadowBlur: 0, shadowOffset: { x: 1 / zoom, y: 1 / zoom } }
  return (
    <>
      {preview && <KonvaImage image={preview.overlay} x={preview.mask.rect.x} y={preview.mask.rect.y} />}
      {box && <Rect {...box} {...outline} />}
      {boxDraft && <Rect {...boxDraft} {...outline} dash={[4 / zoom, 4 / zoom]} />}
      {points.map((point, i) => (
        <Circle key={i} x={point.x} y={point.y} radius={5 / zoom} fill={point.positive ? POSITIVE : NEGATIVE} stroke="#ffffff" strokeWidth={1.5 / zoom} />
      ))}
    </>
  )
}
