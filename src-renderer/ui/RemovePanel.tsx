import { useEffect, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { actionById, type Action } from '../editor/actions'
import type { Editor, EditorState } from '../editor/Editor'
import { tooltip } from './MenuBar'

/** Remove what the mask or selection covers: content-aware fill works with no model; LaMa and MI-GAN when installed. */
export function RemovePanel({ editor, state, perform }: { editor: Editor; state: EditorState; perform: (action: Action) => void }) {
  const { t } = useTranslation()
  const { packs } = useSyncExternalStore(editor.models.subscribe, editor.models.get)
  useEffect(() => {
    if (!state.dialog) void editor.models.refresh()
  }, [editor, state.dialog])
  if (!state.document) return null
  const removers = packs.filter((pack) => pack.enables.includes('remove'))
  const action = actionById('ai.remove')
  return (
    <section className="prompt remove" aria-label={t('remove.title')}>
      <div className="prompt-row">
        <select aria-label={t('remove.engine')} value={state.removalEngine} onChange={(e) => editor.setRemovalEngine(e.target.value)}>
          <option value="content-aware">{t('remove.contentAware')}</option>
          {removers.map((pack) => (
            <option key={pack.id} value={pack.id}>
              {editor.models.displayName(pack)}
            </option>
          ))}
        </select>
        <button title={tooltip(t(action.label), action)} onClick={() => perform(action)}>
          {t('remove.button')}
        </button>
      </div>
      {removers.length === 0 && (
        <p className="gap-note" data-testid="remove-models">
          {t('models.gap.removeModels')}{' '}
          <button className="link" onClick={() => editor.openDialog('models')}>
            {t('models.gap.open')}
          </button>
        </p>
      )}
    </section>
  )
}
