import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { HubSettings } from '../../../src-shared/contract'
import type { ModelLibrary } from '../../editor/models/ModelLibrary'

/** Where repos come from (the Hub or a mirror) and the token for gated ones; the token is sent, never shown back. */
export function HubSettingsForm({ library, hub }: { library: ModelLibrary; hub?: HubSettings }) {
  const { t } = useTranslation()
  const [endpoint, setEndpoint] = useState(hub?.endpoint ?? '')
  const [token, setToken] = useState('')
  useEffect(() => setEndpoint(hub?.endpoint ?? ''), [hub?.endpoint])
  if (!hub) return null
  const save = async () => {
    const change = { ...(endpoint.trim() && endpoint.trim() !== hub.endpoint ? { endpoint: endpoint.trim() } : {}), ...(token.trim() ? { token: token.trim() } : {}) }
    if (await library.saveHub(change)) setToken('')
  }
  return (
    <details className="hub-settings" data-testid="hub-settings">
      <summary>
        {t('models.hub.title')}: {hub.endpoint} · {hub.hasToken ? t('models.hub.tokenSaved') : t('models.hub.noToken')}
      </summary>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <label>
          {t('models.hub.endpoint')}
          <input type="url" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} spellCheck={false} />
        </label>
        <label>
          {t('models.hub.token')}
          <input type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} placeholder={t('models.hub.tokenPlaceholder')} />
        </label>
        <button type="submit">{t('models.hub.save')}</button>
        <button type="button" disabled={!hub.hasToken} onClick={() => void library.saveHub({ token: null })}>
          {t('models.hub.clear')}
        </button>
      </form>
    </details>
  )
}
