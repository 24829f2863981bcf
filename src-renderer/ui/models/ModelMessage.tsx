import { useTranslation } from 'react-i18next'
import type { ModelLibrary, ModelLibraryState } from '../../editor/models/ModelLibrary'
import { errorText } from '../i18n'

/** The manager's own message line: a failure in the user's language (main's exact words under Details), or what just finished. */
export function ModelMessage({ library, state }: { library: ModelLibrary; state: ModelLibraryState }) {
  const { t } = useTranslation()
  const { error, notice } = state
  if (!error && !notice) return null
  const text = error ? errorText(error) : t(notice!.key, notice!.values)
  return (
    <div className={error ? 'model-message failed' : 'model-message'} role={error ? 'alert' : 'status'}>
      <div>
        <p>{text}</p>
        {error && error.message !== text && (
          <details>
            <summary>{t('models.details')}</summary>
            <p className="muted">{error.message}</p>
          </details>
        )}
      </div>
      <button aria-label={t('models.hideMessage')} title={t('models.hideMessage')} onClick={() => library.dismiss()}>
        ×
      </button>
    </div>
  )
}
