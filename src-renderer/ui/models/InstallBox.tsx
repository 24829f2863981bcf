import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { installRequestFor } from '../../editor/models/installSource'
import type { ModelLibrary } from '../../editor/models/ModelLibrary'

/** One field for anything else: a Hub repo id or URL, a folder on this machine, or a pack folder's URL, told apart by shape. */
export function InstallBox({ library, hubEndpoint }: { library: ModelLibrary; hubEndpoint?: string }) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const request = installRequestFor(text, hubEndpoint)
  return (
    <form
      className="install-box"
      data-testid="install-box"
      onSubmit={(e) => {
        e.preventDefault()
        if (request) void library.install(request).then((pack) => pack && setText(''))
      }}
    >
      <label>
        {t('models.source')}
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder={t('models.sourcePlaceholder')} spellCheck={false} />
        {text.trim() && (
          <small className="muted" data-testid="install-kind">
            {request ? t(`models.sourceKind.${request.kind}`, { source: request.source }) : t('models.sourceKind.unknown')}
          </small>
        )}
      </label>
      <button type="submit" disabled={!request}>
        {t('models.install')}
      </button>
    </form>
  )
}
