import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PackInfo } from '../../src-shared/contract'
import { actionById, type Action } from '../editor/actions'
import type { Editor, EditorState } from '../editor/Editor'
import { tooltip } from './MenuBar'

/** Remove what the mask or selection covers: content-aware fill works with no model; LaMa and MI-GAN when installed. */
export function RemovePanel({ editor, state, perform }: { editor: Editor; state: EditorState; perform: (action: Action) => void }) {
  const { t } = useTranslation()
  const [packs, setPacks] = useState<PackInfo[]>([])
  useEffect(() => {
    if (state.dialog) return
    void editor.api.call('models.list', {}).then(({ packs }) => setPacks(packs.filter((pack) => pack.family === 'lama' || pack.family === 'migan')))
  }, [editor, state.dialog])
  if (!state.document) return null
  const action = actionById('ai.remove')
  return (
    <section className="prompt remove" aria-label={t('remove.title')}>
      <div className="prompt-row">
        <select aria-label={t('remove.engine')} value={state.removalEngine} onChange={(e) => editor.setRemovalEngine(e.target.value)}>
          <option value="content-aware">{t('remove.contentAware')}</option>
          {packs.map((pack) => (
            <option key={pack.id} value={pack.id}>
              {pack.name}
            </option>
          ))}
        </select>
        <button title={tooltip(t(action.label), action)} onClick={() => perform(action)}>
          {t('remove.button')}
        </button>
      </div>
    </section>
  )
}
