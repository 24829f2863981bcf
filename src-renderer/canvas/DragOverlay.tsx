import { Arrow, Circle, Group, Rect } from 'react-konva'
import type { DragState } from '../editor/drag/DragSession'

const HANDLE = '#ffd33d'
const PIN = '#4aa8ff'
const FOLD = 'rgba(229, 83, 75, 0.45)'

/**
 * The drag being built, over the document (document pixels, sizes kept constant on screen): each handle a dot,
 * an arrow to its target, the target a ring; pins as blue squares; where the drag folds, red cells.
 */
export function DragOverlay({ drag, zoom }: { drag: DragState; zoom: number }) {
  const px = 1 / zoom
  const outline = { shadowColor: '#000', shadowBlur: 0, shadowOffset: { x: px, y: px } }
  return (
    <Group listening={false}>
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
    </Group>
  )
}
