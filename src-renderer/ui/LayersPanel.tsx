import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { blendModes, type LayerInfo } from '../../src-shared/contract'
import { actionById, type Action } from '../editor/actions'
import type { Editor, EditorState } from '../editor/Editor'
import { canvasRaster, type LayerRaster } from '../editor/LayerRaster'
import { tooltip } from './MenuBar'

const buttons = ['layer.add', 'layer.addMask', 'layer.duplicate', 'layer.mergeDown', 'layer.flatten', 'layer.remove'] as const

/**
 * The layer stack, top first: visibility, lock, thumbnail and name (double-click to rename), drag to reorder;
 * the selected layer's blend mode and opacity; and the layer operations from the action registry.
 */
export function LayersPanel({ editor, state, perform }: { editor: Editor; state: EditorState; perform: (action: Action) => void }) {
  const { t } = useTranslation()
  const [dragged, setDragged] = useState<string>()
  const document = state.document
  const layers = document ? [...document.layers].reverse() : []
  const active = layers.find((layer) => layer.id === state.activeLayerId)
  const update = (layer: LayerInfo, changes: Partial<LayerInfo>) => void editor.session.changeLayers('layers.update', { layerId: layer.id, changes })

  return (
    <section className="layers" aria-label={t('layers.title')}>
      <header>
        <h2>{t('layers.title')}</h2>
      </header>
      <div className="layer-properties">
        <select
          aria-label={t('layers.blendMode')}
          disabled={!active || active.kind === 'mask'}
          value={active?.blendMode ?? 'normal'}
          onChange={(e) => active && update(active, { blendMode: e.target.value as LayerInfo['blendMode'] })}
        >
          {blendModes.map((mode) => (
            <option key={mode} value={mode}>
              {t(`blend.${mode}`)}
            </option>
          ))}
        </select>
        <OpacityControl key={active?.id} editor={editor} layer={active} />
      </div>
      <ol data-testid="layers">
        {layers.map((layer, index) => (
          <li
            key={layer.id}
            className={layer.id === state.activeLayerId ? 'active' : undefined}
            draggable
            data-layer={layer.name}
            onDragStart={() => setDragged(layer.id)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault()
              e.stopPropagation()
              // Rows are top first; the store counts positions from the bottom.
              if (dragged && dragged !== layer.id) void editor.session.changeLayers('layers.move', { layerId: dragged, position: layers.length - 1 - index })
              setDragged(undefined)
            }}
            onClick={() => editor.session.selectLayer(layer.id)}
          >
            <button aria-label={t(layer.visible ? 'layers.hide' : 'layers.show')} aria-pressed={layer.visible} onClick={(e) => {
                // The eye and the lock change their own row only; they don't make it the active layer.
                e.stopPropagation()
                update(layer, { visible: !layer.visible })
              }}
            >
              {layer.visible ? '◉' : '○'}
            </button>
            <LayerThumbnail raster={canvasRaster(state.rasters.get(layer.id))} revision={state.pixelsRevision} mask={layer.kind === 'mask'} />
            {layer.mask && (
              <MaskThumbnail
                raster={canvasRaster(state.rasters.get(layer.id))?.mask}
                revision={state.pixelsRevision}
                enabled={layer.mask.enabled}
                targeted={state.maskTarget === layer.id}
                title={t('layers.layerMask')}
                onClick={(shift) => (shift ? void editor.session.layerMask(layer.mask!.enabled ? 'disable' : 'enable', layer.id) : editor.session.targetMask(layer.id))}
              />
            )}
            <LayerName layer={layer} onRename={(name) => update(layer, { name })} />
            <button aria-label={t(layer.locked ? 'layers.unlock' : 'layers.lock')} aria-pressed={layer.locked} onClick={(e) => {
                e.stopPropagation()
                update(layer, { locked: !layer.locked })
              }}
            >
              {layer.locked ? '🔒︎' : '·'}
            </button>
          </li>
        ))}
      </ol>
      <footer>
        {buttons.map((id) => {
          const action = actionById(id)
          return (
            <button
              key={id}
              data-action={id}
              disabled={action.enabled ? !action.enabled(editor) : false}
              title={tooltip(t(action.label), action)}
              onClick={() => perform(action)}
            >
              {t(`layers.${id.split('.')[1]}`)}
            </button>
          )
        })}
      </footer>
    </section>
  )
}

/**
 * The layer's opacity as a field and a slider. Typing, spinner clicks and dragging change a draft (the slider's is
 * shown on the canvas); it becomes one version when the field is left (Tab, Enter, a click elsewhere) or the
 * slider released. Escape drops it.
 */
function OpacityControl({ editor, layer }: { editor: Editor; layer?: LayerInfo }) {
  const { t } = useTranslation()
  const saved = Math.round((layer?.opacity ?? 1) * 100)
  // The draft lives in a ref too: blur follows Escape or a release within the same event, before a re-render.
  const draft = useRef<string>(undefined)
  const [shown, setShown] = useState<string>()
  const change = (text: string, preview: boolean) => {
    draft.current = text
    setShown(text)
    const percent = Number(text)
    if (preview && layer && text.trim() !== '' && Number.isFinite(percent)) editor.session.previewLayerChange(layer.id, { opacity: clamp(percent) / 100 })
  }
  const drop = () => {
    draft.current = undefined
    setShown(undefined)
  }
  const commit = () => {
    const text = draft.current
    drop()
    if (!layer || text === undefined || text.trim() === '' || !Number.isFinite(Number(text))) return void (layer && editor.session.commitLayerChange(layer.id, {}))
    void editor.session.commitLayerChange(layer.id, { opacity: clamp(Number(text)) / 100 })
  }
  const keys = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') e.currentTarget.blur()
    if (e.key === 'Escape') {
      drop()
      if (layer) void editor.session.commitLayerChange(layer.id, {})
    }
  }
  return (
    <label>
      {t('layers.opacity')}
      <input
        type="range"
        aria-label={t('layers.opacitySlider')}
        min={0}
        max={100}
        disabled={!layer}
        value={shown ?? saved}
        onChange={(e) => change(e.target.value, true)}
        onPointerUp={commit}
        onKeyUp={(e) => e.key !== 'Escape' && e.key !== 'Tab' && commit()}
        onBlur={commit}
      />
      <input type="number" aria-label={t('layers.opacity')} min={0} max={100} disabled={!layer} value={shown ?? saved} onChange={(e) => change(e.target.value, false)} onBlur={commit} onKeyDown={keys} />%
    </label>
  )
}

const clamp = (percent: number) => Math.min(100, Math.max(0, Math.round(percent)))

function LayerName({ layer, onRename }: { layer: LayerInfo; onRename: (name: string) => void }) {
  const [editing, setEditing] = useState(false)
  if (!editing) {
    return (
      <span className="layer-name" onDoubleClick={() => setEditing(true)}>
        {layer.name}
      </span>
    )
  }
  return (
    <input
      className="layer-name"
      autoFocus
      defaultValue={layer.name}
      onBlur={(e) => {
        setEditing(false)
        if (e.target.value.trim() && e.target.value !== layer.name) onRename(e.target.value.trim())
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur()
        if (e.key === 'Escape') setEditing(false)
      }}
    />
  )
}

/** A layer's (or its mask's) smallest pyramid level drawn fitted and centred, on a clear or a black ground, redrawn as it changes. */
function useThumbnail(raster: LayerRaster | undefined, revision: number, ground?: string) {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const target = canvas.current
    const source = raster?.pyramid?.levels.at(-1)
    if (!target || !source) return
    const context = target.getContext('2d')!
    context.clearRect(0, 0, target.width, target.height)
    if (ground) {
      context.fillStyle = ground
      context.fillRect(0, 0, target.width, target.height)
    }
    const scale = Math.min(target.width / source.width, target.height / source.height)
    const [w, h] = [source.width * scale, source.height * scale]
    context.drawImage(source, (target.width - w) / 2, (target.height - h) / 2, w, h)
  }, [raster, revision, ground])
  return canvas
}

function LayerThumbnail({ raster, revision, mask }: { raster?: LayerRaster; revision: number; mask: boolean }) {
  const canvas = useThumbnail(raster, revision)
  return <canvas ref={canvas} width={40} height={30} className={mask ? 'thumbnail mask' : 'thumbnail'} />
}

/** A layer mask's thumbnail, grey on black (white shows); crossed out while it is off, outlined while the brush paints it. */
function MaskThumbnail({ raster, revision, enabled, targeted, title, onClick }: { raster?: LayerRaster; revision: number; enabled: boolean; targeted: boolean; title: string; onClick: (shift: boolean) => void }) {
  const canvas = useThumbnail(raster, revision, '#000')
  const className = ['thumbnail', 'layer-mask', enabled ? '' : 'off', targeted ? 'targeted' : ''].filter(Boolean).join(' ')
  return (
    <canvas
      ref={canvas}
      width={40}
      height={30}
      className={className}
      data-testid="layer-mask"
      title={title}
      onClick={(e) => {
        e.stopPropagation()
        onClick(e.shiftKey)
      }}
    />
  )
}
