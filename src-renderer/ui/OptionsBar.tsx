import { useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { warpModes } from '../../src-shared/warp'
import { radiusApplies } from '../editor/drag/DragSession'
import type { Editor, EditorState } from '../editor/Editor'
import { ObjectOptions } from './ObjectOptions'

/** The active tool's settings, above the canvas. */
export function OptionsBar({ editor, state }: { editor: Editor; state: EditorState }) {
  const { t } = useTranslation()
  const { brush, tool } = state
  if (tool === 'hand' || tool === 'move' || tool === 'eyedropper') return <div className="optionsbar" />
  if (tool === 'drag') return <DragOptions editor={editor} />
  if (tool === 'object') return <ObjectOptions editor={editor} dialogOpen={state.dialog !== undefined} />
  if (tool === 'transform' || tool === 'crop') {
    return (
      <div className="optionsbar">
        <span className="hint">{t(`${tool}.hint`)}</span>
      </div>
    )
  }
  if (tool === 'rectangle' || tool === 'ellipse' || tool === 'lasso' || tool === 'polygon' || tool === 'wand') {
    return (
      <div className="optionsbar">
        {tool === 'wand' && (
          <>
            <label>
              {t('wand.tolerance')}
              <input type="number" min={0} max={255} value={state.wand.tolerance} onChange={(e) => editor.selection.setWand({ tolerance: Number(e.target.value) })} />
            </label>
            <label>
              <input type="checkbox" checked={state.wand.contiguous} onChange={(e) => editor.selection.setWand({ contiguous: e.target.checked })} />
              {t('wand.contiguous')}
            </label>
            <label>
              <input type="checkbox" checked={state.wand.sampleAll} onChange={(e) => editor.selection.setWand({ sampleAll: e.target.checked })} />
              {t('wand.sampleAll')}
            </label>
          </>
        )}
        <label>
          {t('selection.amount')}
          <input type="number" min={1} max={500} value={state.selectionAmount} onChange={(e) => editor.selection.setAmount(Number(e.target.value))} />
          px
        </label>
        <span className="hint">{t('selection.modifiers')}</span>
        {tool === 'polygon' && <span className="hint">{t('selection.polygon')}</span>}
      </div>
    )
  }
  return (
    <div className="optionsbar">
      <label>
        {t('brush.size')}
        <input type="range" min={1} max={500} value={brush.size} onChange={(e) => editor.setBrush({ size: Number(e.target.value) })} />
        <output>{brush.size}px</output>
      </label>
      <label>
        {t('brush.hardness')}
        <input type="range" min={0} max={100} value={Math.round(brush.hardness * 100)} onChange={(e) => editor.setBrush({ hardness: Number(e.target.value) / 100 })} />
        <output>{Math.round(brush.hardness * 100)}%</output>
      </label>
      <label>
        {t('brush.opacity')}
        <input type="range" min={1} max={100} value={Math.round(brush.opacity * 100)} onChange={(e) => editor.setBrush({ opacity: Number(e.target.value) / 100 })} />
        <output>{Math.round(brush.opacity * 100)}%</output>
      </label>
      {tool === 'brush' && (
        <label>
          {t('brush.colour')}
          <input type="color" value={brush.colour} onChange={(e) => editor.setBrush({ colour: e.target.value })} />
        </label>
      )}
    </div>
  )
}

/** The drag tool's mode and switches, and Apply; it follows the drag's own store, as the canvas does. */
function DragOptions({ editor }: { editor: Editor }) {
  const { t } = useTranslation()
  const drag = useSyncExternalStore(editor.drag.subscribe, editor.drag.get)
  const { mode, fill, limitToMask, pairs, preview } = drag
  return (
    <div className="optionsbar">
      <label>
        {t('drag.mode')}
        <select value={mode} onChange={(e) => editor.drag.setOptions({ mode: e.target.value as (typeof warpModes)[number] })}>
          {warpModes.map((option) => (
            <option key={option} value={option}>
              {t(`drag.modes.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={fill} onChange={(e) => editor.drag.setOptions({ fill: e.target.checked })} />
        {t('drag.fill')}
      </label>
      <label>
        <input type="checkbox" checked={limitToMask} onChange={(e) => editor.drag.setOptions({ limitToMask: e.target.checked })} />
        {t('drag.limitToMask')}
      </label>
      <label title={t('drag.radiusHint')}>
        {t('drag.radius')}
        <input type="number" min={4} max={10000} disabled={!radiusApplies(drag)} value={drag.radius} onChange={(e) => editor.drag.setRadius(Number(e.target.value) || drag.radius)} />
        px
      </label>
      <button data-action="drag.apply" disabled={pairs.length === 0} onClick={() => void editor.jobs.applyDrag()}>
        {t('drag.apply')}
      </button>
      <span className="hint">{preview?.foldedCells.length ? t('drag.folded') : t('drag.hint')}</span>
    </div>
  )
}
