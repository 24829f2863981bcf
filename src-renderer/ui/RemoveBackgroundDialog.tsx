import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor, EditorState } from '../editor/Editor'
import { Dialog } from './Dialog'

type Background = 'transparent' | 'white' | 'colour' | 'layer'

/**
 * Layer › Remove background…: what shows where the background was (nothing, white, a colour, or another layer moved
 * under this one) and whether to trim the canvas to the subject with some padding. The form's choices are its own
 * until Remove background hands them to the editor.
 */
export function RemoveBackgroundDialog({ editor, state, onClose }: { editor: Editor; state: EditorState; onClose: () => void }) {
  const { t } = useTranslation()
  const [background, setBackground] = useState<Background>('transparent')
  const [colour, setColour] = useState('#ffffff')
  const others = (state.document?.layers ?? []).filter((layer) => layer.kind === 'raster' && layer.id !== state.activeLayerId)
  const [below, setBelow] = useState(others.at(-1)?.id ?? '')
  const [trim, setTrim] = useState(false)
  const [padding, setPadding] = useState(16)
  const submit = () => {
    onClose()
    void editor.jobs.removeBackground({
      ...(background === 'white' ? { colour: '#ffffff' } : background === 'colour' ? { colour } : {}),
      ...(background === 'layer' && below ? { below } : {}),
      ...(trim ? { trim: padding } : {}),
    })
  }
  const choice = (value: Background) => (
    <input type="radio" name="remove-background" value={value} checked={background === value} onChange={() => setBackground(value)} />
  )
  return (
    <Dialog title={t('removeBackground.title')} className="remove-background" onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          submit()
        }}
      >
        <fieldset>
          <legend>{t('removeBackground.background')}</legend>
          <label>
            {choice('transparent')}
            {t('removeBackground.transparent')}
          </label>
          <label>
            {choice('white')}
            {t('removeBackground.white')}
          </label>
          <label>
            {choice('colour')}
            {t('removeBackground.colour')}
            <input type="color" aria-label={t('removeBackground.colour')} value={colour} onChange={(e) => (setColour(e.target.value), setBackground('colour'))} />
          </label>
          <label>
            <input type="radio" name="remove-background" value="layer" disabled={others.length === 0} checked={background === 'layer'} onChange={() => setBackground('layer')} />
            {t('removeBackground.layer')}
            <select aria-label={t('removeBackground.layer')} disabled={others.length === 0} value={below} onChange={(e) => (setBelow(e.target.value), setBackground('layer'))}>
              {others.map((layer) => (
                <option key={layer.id} value={layer.id}>
                  {layer.name}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        <label>
          <input type="checkbox" checked={trim} onChange={(e) => setTrim(e.target.checked)} />
          {t('removeBackground.trim')}
          <input type="number" aria-label={t('removeBackground.padding')} min={0} max={10000} disabled={!trim} value={padding} onChange={(e) => setPadding(Math.max(0, Math.round(Number(e.target.value) || 0)))} />
          px
        </label>
        <p className="hint">{t('removeBackground.hint')}</p>
        <div className="buttons">
          <button type="button" onClick={onClose}>
            {t('saveAs.cancel')}
          </button>
          <button type="submit" className="primary" autoFocus>
            {t('removeBackground.run')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
