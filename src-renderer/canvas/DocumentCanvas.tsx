import { useEffect, useRef, useState } from 'react'
import { Image as KonvaImage, Layer, Stage } from 'react-konva'
import type { Editor, EditorState } from '../editor/Editor'
import { levelFor } from '../editor/pyramid'

/** The Konva stage: draws the document at the editor's view, and turns wheel and drag into zoom and pan. */
export function DocumentCanvas({ editor, state }: { editor: Editor; state: EditorState }) {
  const container = useRef<HTMLDivElement>(null)
  const [panning, setPanning] = useState(false)
  const spaceHeld = useSpaceHeld()

  useEffect(() => {
    const element = container.current!
    const observer = new ResizeObserver(() => editor.setViewport({ width: element.clientWidth, height: element.clientHeight }))
    observer.observe(element)
    return () => observer.disconnect()
  }, [editor])

  const { view, viewport, image } = state
  return (
    <div
      ref={container}
      className={`canvas ${spaceHeld || panning ? 'canvas-pan' : ''}`}
      data-testid="canvas"
      data-zoom={view.zoom}
      data-x={view.x}
      data-y={view.y}
      onWheel={(event) => {
        if (!image) return
        const bounds = container.current!.getBoundingClientRect()
        // Trackpad pinch arrives as a wheel event with ctrlKey; both zoom about the pointer.
        editor.zoomBy(Math.exp(-event.deltaY * (event.ctrlKey ? 0.01 : 0.002)), { x: event.clientX - bounds.left, y: event.clientY - bounds.top })
      }}
      onPointerDown={(event) => {
        if (event.button === 1 || (event.button === 0 && spaceHeld)) {
          event.currentTarget.setPointerCapture(event.pointerId)
          setPanning(true)
        }
      }}
      onPointerMove={(event) => panning && editor.panBy(event.movementX, event.movementY)}
      onPointerUp={() => setPanning(false)}
    >
      {viewport.width > 0 && (
        <Stage width={viewport.width} height={viewport.height}>
          {/* Below 100% smooth resampling reads better; above it, show pixels as pixels. */}
          <Layer imageSmoothingEnabled={view.zoom < 1} listening={false}>
            {image && <PyramidImage image={image} view={view} />}
          </Layer>
        </Stage>
      )}
    </div>
  )
}

function PyramidImage({ image, view }: { image: NonNullable<EditorState['image']>; view: EditorState['view'] }) {
  const level = levelFor(image, view.zoom)
  const scale = (view.zoom * image.width) / level.width
  return <KonvaImage image={level} x={view.x} y={view.y} scaleX={scale} scaleY={scale} />
}

function useSpaceHeld(): boolean {
  const [held, setHeld] = useState(false)
  useEffect(() => {
    const down = (event: KeyboardEvent) => event.code === 'Space' && !isTyping(event) && setHeld(true)
    const up = (event: KeyboardEvent) => event.code === 'Space' && setHeld(false)
    window.addEventListener('keydown', down)
    window.addEventListener('keyup', up)
    return () => {
      window.removeEventListener('keydown', down)
      window.removeEventListener('keyup', up)
    }
  }, [])
  return held
}

function isTyping(event: KeyboardEvent): boolean {
  return event.target instanceof HTMLElement && (event.target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(event.target.tagName))
}
