import { Line, Rect } from 'react-konva'
import type { Rect as Box } from '../../src-shared/contract'
import { boxPoint, corners, handles, type FreeTransform } from '../editor/transform/freeTransform'

/** Square handles a few screen pixels wide at any zoom, outlined so they show on light and dark photos alike. */
function Handles({ points, zoom }: { points: { x: number; y: number }[]; zoom: number }) {
  const size = 8 / zoom
  return points.map((p, i) => <Rect key={i} x={p.x - size / 2} y={p.y - size / 2} width={size} height={size} fill="#ffffff" stroke="#1f6feb" strokeWidth={1 / zoom} />)
}

/** The free transform's box around the layer as it will land, with its eight handles. */
export function TransformOverlay({ transform, zoom }: { transform: FreeTransform; zoom: number }) {
  return (
    <>
      <Line points={corners(transform).flatMap((p) => [p.x, p.y])} closed stroke="#1f6feb" strokeWidth={1 / zoom} />
      <Handles points={handles.map((h) => boxPoint(transform, h.x, h.y))} zoom={zoom} />
    </>
  )
}

/** The crop box: what will be cut away dimmed, the box outlined with its eight handles. */
export function CropOverlay({ box, document, zoom }: { box: Box; document: { width: number; height: number }; zoom: number }) {
  const right = box.x + box.width
  const bottom = box.y + box.height
  const dim = { fill: '#000000', opacity: 0.5, listening: false }
  return (
    <>
      <Rect x={0} y={0} width={document.width} height={Math.max(0, box.y)} {...dim} />
      <Rect x={0} y={bottom} width={document.width} height={Math.max(0, document.height - bottom)} {...dim} />
      <Rect x={0} y={box.y} width={Math.max(0, box.x)} height={box.height} {...dim} />
      <Rect x={right} y={box.y} width={Math.max(0, document.width - right)} height={box.height} {...dim} />
      <Rect {...box} stroke="#ffffff" strokeWidth={1 / zoom} />
      <Handles points={handles.map((h) => ({ x: box.x + ((h.x + 1) / 2) * box.width, y: box.y + ((h.y + 1) / 2) * box.height }))} zoom={zoom} />
    </>
  )
}
