import { useTranslation } from 'react-i18next'
import { resumeRequestFor } from '../../editor/models/installSource'
import type { ModelLibrary, ModelLibraryState } from '../../editor/models/ModelLibrary'
import { formatBytes } from './format'

/** Downloads that stopped (Resume picks up where they were) and repos already in the Hugging Face cache (no download). */
export function ReadyToInstall({ library, state }: { library: ModelLibrary; state: ModelLibraryState }) {
  const { t } = useTranslation()
  const pending = state.pending.filter((p) => !state.installs.has(p.source))
  return (
    <>
      {pending.length > 0 && (
        <section aria-label={t('models.pendingTitle')} data-testid="pending">
          <h3>{t('models.pendingTitle')}</h3>
          <ul className="plain">
            {pending.map((p) => {
              const request = resumeRequestFor(p)
              return (
                <li key={p.source}>
                  <span>{p.source}</span>
                  <span className="muted">{t('models.pendingRow', { done: formatBytes(p.bytesDone), total: formatBytes(p.bytesTotal) })}</span>
                  <button onClick={() => void library.install(request)}>
                    {t('models.resume')}
                  </button>
                </li>
              )
            })}
          </ul>
        </section>
      )}
      {state.cached.length > 0 && (
        <section aria-label={t('models.cachedTitle')} data-testid="cached">
          <h3>{t('models.cachedTitle')}</h3>
          <p className="muted">{t('models.cachedHint')}</p>
          <ul className="plain">
            {state.cached.map((snapshot) => (
              <li key={snapshot.folder}>
                <span>
                  {snapshot.repo} <small className="muted">@{snapshot.revision.slice(0, 10)}</small>
                </span>
                <span className="muted">{snapshot.family ?? t('models.cachedFamily.none')}</span>
                <button
                  disabled={!snapshot.family || state.installs.has(snapshot.folder)}
                  onClick={() => void library.install({ kind: 'folder', source: snapshot.folder })}
                >
                  {t('models.installCached')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  )
}
