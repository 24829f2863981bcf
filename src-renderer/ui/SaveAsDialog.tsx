import { useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '../editor/Editor'
import { Dialog } from './Dialog'
import { errorText } from './i18n'

/**
 * File › Save as where there is no system dialog (web mode): a path, prefilled with main's free "<name> copy.zproj",
 * and a second step that asks before an existing file is replaced. The steps live in the editor's ProjectFiles.
 */
export function SaveAsDialog({ editor }: { editor: Editor }) {
  const { t } = useTranslation()
  const files = editor.files
  const state = useSyncExternalStore(files.saveAsDialog.subscribe, files.saveAsDialog.get)
  if (!state) return null
  const cancel = () => files.cancelSaveAs()
  const problem = state.problem && ('key' in state.problem ? t(state.problem.key) : errorText(state.problem.error))
  return (
    <Dialog title={t('saveAs.title')} className="save-as" onClose={cancel}>
      {state.confirmReplace ? (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            void files.submitSaveAs(true)
          }}
        >
          <p data-testid="save-as-replace">{t('saveAs.exists', { path: state.path })}</p>
          <div className="buttons">
            <button type="button" onClick={() => files.declineReplace()}>
              {t('saveAs.back')}
            </button>
            <button type="submit" autoFocus disabled={state.saving}>
              {t('saveAs.replace')}
            </button>
          </div>
        </form>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            void files.submitSaveAs()
          }}
        >
          <label htmlFor="save-as-path">{t('saveAs.question')}</label>
          <input id="save-as-path" autoFocus spellCheck={false} value={state.path} onChange={(event) => files.editSaveAsPath(event.target.value)} />
          {problem && (
            <p className="problem" data-testid="save-as-problem">
              {problem}
            </p>
          )}
          <div className="buttons">
            <button type="button" onClick={cancel}>
              {t('saveAs.cancel')}
            </button>
            <button type="submit" disabled={state.saving}>
              {t('saveAs.save')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  )
}
