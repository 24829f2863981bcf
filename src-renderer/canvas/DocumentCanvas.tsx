import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type PointerEvent } from 'react'
import type Konva from 'konva'
import { Circle, Ellipse, Group, Image as KonvaImage, Layer, Line, Rect, Stage } from 'react-konva'
import type { DocumentInfo, LayerInfo } from '../../src-shared/contract'
import type { Editor, EditorState, Gesture } from '../editor/Editor'
import { canvasRaster, type LayerRaster } from '../editor/LayerRaster'
import { selectionOverlay } from './selectionOverlay'
import { LayerComposites, levelIndex } from './composite'
import { DragOverlay } from './DragOverlay'
import { MarchingAnts } from './MarchingAnts'
import { Checkerboard } from './Checkerboard'
import { FirstView } from './FirstView'
import { ObjectOverlay } from './ObjectOverlay'
import { StagedPreview } from './StagedPreview'
import { CropOverlay, TransformOverlay } from './BoxOverlays'
import type { FreeTransform } from '../editor/transform/freeTransform'
import type { PreviewImage } from '../editor/drag/dragSource'
import { levelFor } from '../editor/pyramid'
import type { SelectionShape } from '../editor/selection/shapes'
import { MASK_COLOUR, type Stroke } from '../editor/strokes'
import type { ToolPointer } from '../editor/tools/tool'
import { screenToDocument } from '../editor/viewport'

/**
 * The Konva stage: draws the document's layers at the editor's view with the stroke being painted on top, and
 * hands pointer events to the active tool. Middle mouse or space+drag pans whatever the tool.
 */
export function DocumentCanvas({ editor, state }: { editor: Editor; state: EditorState }) {
  const container = useRef<HTMLDivElement>(null)
  const pixels = useRef<Konva.Layer>(null)
  const { view, viewport } = useSyncExternalStore(editor.view.subscribe, editor.view.get)
  const { stroke, selectionDraft, polygonDraft, moving, layerChange } = useSyncExternalStore(editor.gesture.subscribe, editor.gesture.get)
  const drag = useSyncExternalStore(editor.drag.subscribe, editor.drag.get)
  const transform = useSyncExternalStore(editor.transform.subscribe, editor.transform.get)
  const crop = useSyncExternalStore(editor.crop.subscribe, editor.crop.get)
  const preview = drag.preview
  const [panning, setPanning] = useState(false)
  const spaceHeld = useSpaceHeld()

  // Not React's onWheel: that listener is passive, and Ctrl+wheel or a pinch must not zoom the page itself too.
  useEffect(() => {
    const element = container.current!
    const onWheel = (event: WheelEvent) => {
      if (!editor.getState().document) return
      event.preventDefault()
      const bounds = element.getBoundingClientRect()
      editor.view.wheel(event, { x: event.clientX - bounds.left, y: event.clientY - bounds.top })
    }
    element.addEventListener('wheel', onWheel, { passive: false })
    return () => element.removeEventListener('wheel', onWheel)
  }, [editor])

  useEffect(() => {
    const element = container.current!
    const observer = new ResizeObserver(() => editor.view.resize({ width: element.clientWidth, height: element.clientHeight }, editor.getState().document))
    observer.observe(element)
    return () => observer.disconnect()
  }, [editor])

  // Layer canvases change in place (a stroke, an undo); Konva sees no new prop then, so redraw on each revision.
  // The CPU's drag preview is redrawn in place too; the GPU's is a canvas of its own (DragOverlay), not the stage's.
  useEffect(() => {
    pixels.current?.batchDraw()
  }, [state.pixelsRevision, preview?.renderer === 'cpu' ? preview : preview?.layerId])

  const pointer = (event: PointerEvent): ToolPointer => {
    const bounds = container.current!.getBoundingClientRect()
    const screen = { x: event.clientX - bounds.left, y: event.clientY - bounds.top }
    // Only a pen reports pressure; a mouse reads 0.5 while pressed.
    const pressure = event.pointerType === 'pen' ? event.pressure || 1 : 1
    return { screen, document: screenToDocument(view, screen), pressure, shift: event.shiftKey, alt: event.altKey }
  }

  const { rasters } = state
  const document = withLayerChange(state.document, layerChange)
  const composite = useComposite(document, rasters, view.zoom, moving ?? transform, preview)
  return (
    <div
      ref={container}
      className="canvas"
      style={{ cursor: spaceHeld || panning ? 'grab' : document ? editor.tool.cursor : 'default' }}
      data-testid="canvas"
      data-zoom={view.zoom}
      data-x={view.x}
      data-y={view.y}
      data-revision={state.pixelsRevision}
      data-selection={state.selection ? 'some' : 'none'}
      data-mask-shown={state.maskShown}
      data-drag={JSON.stringify({
        pairs: drag.pairs,
        pins: drag.pins,
        mode: drag.mode,
        radius: drag.radius,
        previewed: Boolean(preview),
        ...(preview && { folded: preview.foldedCells.length, limitFactor: preview.limitFactor, renderer: preview.renderer, resolution: preview.resolution }),
      })}
      onPointerDown={(event) => {
        if (!document) return
        event.currentTarget.setPointerCapture(event.pointerId)
        if (event.button === 1 || (event.button === 0 && spaceHeld)) setPanning(true)
        else if (event.button === 0) editor.tool.onPointerDown(pointer(event))
      }}
      onPointerMove={(event) => {
        if (panning) editor.view.panBy(event.movementX, event.movementY)
        else if (document) editor.tool.onPointerMove(pointer(event))
      }}
      onPointerUp={(event) => {
        if (panning) setPanning(false)
        else if (document) editor.tool.onPointerUp(pointer(event))
      }}
      onPointerCancel={() => editor.tool.onCancel()}
      onPointerLeave={() => editor.tool.onPointerLeave?.()}
    >
      {viewport.width > 0 && (
        <Stage width={viewport.width} height={viewport.height}>
          {/* Below 100% smooth resampling reads better; above it, show pixels as pixels. */}
          <Layer ref={pixels} imageSmoothingEnabled={view.zoom < 1} listening={false}>
            <Group x={view.x} y={view.y} scaleX={view.zoom} scaleY={view.zoom}>
              {document && <Checkerboard width={document.width} height={document.height} zoom={view.zoom} />}
              {document && state.firstView && <FirstView firstView={state.firstView} document={document} />}
              {composite ? (
                <KonvaImage image={composite.canvas} scaleX={composite.scale} scaleY={composite.scale} />
              ) : (
                document?.layers
                  .filter((layer) => layer.kind === 'raster')
                  .map((layer) => <LayerImage key={layer.id} layer={layer} raster={canvasRaster(rasters.get(layer.id))} zoom={view.zoom} moving={moving} preview={preview} transform={transform} />)
              )}
              {document && <StagedPreview staging={editor.staging} />}
              {document?.layers
                .filter((layer) => layer.kind === 'mask' && state.maskShown)
                .map((layer) => <LayerImage key={layer.id} layer={layer} raster={canvasRaster(rasters.get(layer.id))} zoom={view.zoom} moving={moving} transform={transform} />)}
              {stroke && <StrokeOverlay stroke={stroke} />}
              {state.selection && <KonvaImage image={selectionOverlay(state.selection.coverage)} />}
              {selectionDraft && <SelectionDraft shape={selectionDraft} zoom={view.zoom} />}
              {polygonDraft && <PolygonDraft draft={polygonDraft} zoom={view.zoom} />}
              {state.tool === 'object' && <ObjectOverlay selection={editor.objectSelection} zoom={view.zoom} />}
              {transform && <TransformOverlay transform={transform} zoom={view.zoom} />}
              {crop && document && <CropOverlay box={crop} document={document} zoom={view.zoom} />}
            </Group>
          </Layer>
          {state.selection && <MarchingAnts outline={state.selection.outline} view={view} />}
        </Stage>
      )}
      <DragOverlay drag={drag} view={view} viewport={viewport} outline={state.selection?.outline}>
        {/* The GPU's drag preview covers the stage: what lies above the warped layer is drawn again over it. */}
        {preview?.renderer === 'webgl' &&
          document &&
          layersOver(document.layers, preview.layerId, state.maskShown).map((layer) => <LayerImage key={layer.id} layer={layer} raster={canvasRaster(rasters.get(layer.id))} zoom={view.zoom} />)}
        {preview?.renderer === 'webgl' && state.selection && <KonvaImage image={selectionOverlay(state.selection.coverage)} />}
      </DragOverlay>
    </div>
  )
}

const MASK_OVERLAY_OPACITY = 0.5

/** What the stage shows over a layer: the raster layers above it, then every mask (masks go over all rasters). */
function layersOver(layers: LayerInfo[], layerId: string, maskShown: boolean): LayerInfo[] {
  const index = layers.findIndex((layer) => layer.id === layerId)
  return [...layers.filter((layer, i) => layer.kind === 'raster' && i > index), ...layers.filter((layer) => layer.kind === 'mask' && maskShown)]
}

/**
 * One layer drawn from its pyramid level for the zoom (or the drag's preview in its place): a mask as a
 * translucent overlay, a raster with its blend mode.
 */
function LayerImage({
  layer,
  raster,
  zoom,
  moving,
  preview,
  transform,
}: {
  layer: LayerInfo
  raster?: LayerRaster
  zoom: number
  moving?: Gesture['moving']
  preview?: PreviewImage
  transform?: FreeTransform
}) {
  const pyramid = raster?.pyramid
  if (!pyramid || !layer.visible) return null
  const warped = preview?.layerId === layer.id ? preview : undefined
  // The GPU's drag preview shows the layer warped over the stage (DragOverlay): not drawn beneath it too.
  if (warped?.renderer === 'webgl') return null
  const level = warped ? warped.canvas : levelFor(pyramid, zoom)
  const scale = pyramid.width / level.width
  const isMask = layer.kind === 'mask'
  const shift = moving?.layerId === layer.id ? moving : { dx: 0, dy: 0 }
  const image = (
    <KonvaImage
      image={level}
      x={layer.offsetX + shift.dx}
      y={layer.offsetY + shift.dy}
      scaleX={scale}
      scaleY={scale}
      // Raster layers blend as the W3C compositing spec says, which is also what export computes.
      opacity={isMask ? MASK_OVERLAY_OPACITY : layer.opacity}
      globalCompositeOperation={isMask || layer.blendMode === 'normal' ? 'source-over' : layer.blendMode}
    />
  )
  if (transform?.layerId !== layer.id) return image
  // The free transform's preview is the canvas's own transform of the layer: scaled and turned about the box's centre.
  const { box } = transform
  return (
    <Group x={transform.centre.x} y={transform.centre.y} rotation={(transform.rotation * 180) / Math.PI} scaleX={transform.scaleX} scaleY={transform.scaleY} offsetX={box.x + box.width / 2} offsetY={box.y + box.height / 2}>
      {image}
    </Group>
  )
}

/** The outline of the selection being dragged, one screen pixel wide at any zoom. */
function SelectionDraft({ shape, zoom }: { shape: SelectionShape; zoom: number }) {
  const outline = { stroke: '#ffffff', strokeWidth: 1 / zoom, dash: [4 / zoom, 4 / zoom], shadowColor: '#000', shadowBlur: 0, shadowOffset: { x: 1 / zoom, y: 1 / zoom } }
  if (shape.kind === 'lasso') return <Line points={shape.points} closed {...outline} />
  if (shape.kind === 'ellipse') return <Ellipse x={shape.x + shape.width / 2} y={shape.y + shape.height / 2} radiusX={shape.width / 2} radiusY={shape.height / 2} {...outline} />
  return <Rect {...shape} {...outline} />
}

/** The polygonal lasso so far: its edges, the open edge to the pointer, and a ring on the first vertex to close it on. */
function PolygonDraft({ draft, zoom }: { draft: NonNullable<Gesture['polygonDraft']>; zoom: number }) {
  const outline = { stroke: '#ffffff', strokeWidth: 1 / zoom, shadowColor: '#000', shadowBlur: 0, shadowOffset: { x: 1 / zoom, y: 1 / zoom } }
  return (
    <>
      <Line points={[...draft.points, draft.pointer.x, draft.pointer.y]} {...outline} />
      <Circle x={draft.points[0]} y={draft.points[1]} radius={4 / zoom} {...outline} />
    </>
  )
}

/** The stroke being painted, drawn the way it will land in the layer. */
function StrokeOverlay({ stroke }: { stroke: Stroke }) {
  const isMask = stroke.mode === 'mask' || stroke.mode === 'maskEraser'
  return (
    <Line
      points={stroke.points.length === 2 ? [...stroke.points, ...stroke.points] : stroke.points}
      stroke={stroke.mode === 'mask' ? MASK_COLOUR : stroke.mode === 'maskEraser' ? '#ffffff' : stroke.colour}
      strokeWidth={stroke.size}
      opacity={isMask ? MASK_OVERLAY_OPACITY : stroke.opacity}
      lineCap="round"
      lineJoin="round"
      globalCompositeOperation={stroke.mode === 'eraser' ? 'destination-out' : 'source-over'}
    />
  )
}

/**
 * The raster layers drawn as one composite at the zoom's pyramid level (or the nearest one built while that level
 * is built off-frame); undefined while a layer is being moved or dragged, or before any level is built: each layer
 * is drawn itself then.
 */
function useComposite(document: DocumentInfo | undefined, rasters: EditorState['rasters'], zoom: number, moving: unknown, preview: PreviewImage | undefined) {
  const composites = useMemo(() => new LayerComposites(), [])
  useEffect(() => () => composites.dispose(), [composites])
  // A level finishing its build re-renders the canvas to show it.
  useSyncExternalStore(composites.ready.subscribe, composites.ready.get)
  const levels = document && canvasRaster(rasters.get(document.layers[0]?.id ?? ''))?.pyramid?.levels.length
  if (!document || !levels || moving || preview) return undefined
  return composites.show(document, rasters, levelIndex(document.width, levels, zoom), levels)
}

/** The document as the canvas shows it: with the layer property being changed, before it is a version. */
function withLayerChange(document: DocumentInfo | undefined, change: Gesture['layerChange']): DocumentInfo | undefined {
  if (!document || !change) return document
  return { ...document, layers: document.layers.map((layer) => (layer.id === change.layerId ? { ...layer, ...change.changes } : layer)) }
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

/** Inputs that take no text: keys pressed while one has focus are still shortcuts. */
const NOT_TEXT = new Set(['button', 'checkbox', 'color', 'file', 'radio', 'range', 'reset', 'submit'])

/** Is the user typing in a text field (input, textarea, select, contenteditable), where keys are the field's own? */
export function isTyping(event: Event): boolean {
  const target = event.target
  if (!(target instanceof HTMLElement)) return false
  if (target instanceof HTMLInputElement) return !NOT_TEXT.has(target.type)
  return target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement
}
