import { useEffect, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '../editor/Editor'
import { CatalogTable } from './models/CatalogTable'
import { HubSettingsForm } from './models/HubSettingsForm'
import { InstallBox } from './models/InstallBox'
import { InstalledPacks } from './models/InstalledPacks'
import { InstallStatus } from './models/InstallStatus'
import { ModelMessage } from './models/ModelMessage'
import { ReadyToInstall } from './models/ReadyToInstall'
import { RuntimeSettings } from './models/RuntimeSettings'

/**
 * The Model manager (InvokeAI's model manager, in one dialog): installs in flight, the installed packs with
 * what each enables and lacks, the catalog, stopped downloads and cached snapshots, one field for any repo,
 * folder or URL, the Hub settings and where models run. Nothing is downloaded unless the user asks here.
 */
export function ModelsDialog({ editor }: { editor: Editor }) {
  const { t } = useTranslation()
  const library = editor.models
  const state = useSyncExternalStore(library.subscribe, library.get)
  const close = () => editor.openDialog(undefined)

  useEffect(() => void library.load(), [library])
  // Escape closes the manager before the canvas's own Escape (dropping a selection) can see it.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      event.stopImmediatePropagation()
      close()
    }
    window.addEventListener('keydown', onKey, { capture: true })
    return () => window.removeEventListener('keydown', onKey, { capture: true })
  })

  const installs = [...state.installs.values()]
  return (
    <div className="dialog-backdrop" onClick={close}>
      <div className="dialog models-dialog" role="dialog" aria-modal="true" aria-label={t('models.title')} onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>{t('models.title')}</h2>
          <button onClick={close}>{t('dismiss')}</button>
        </header>
        <ModelMessage library={library} state={state} />
        {installs.map((install) => (
          <InstallStatus
            key={install.request.source}
            install={install}
            label={state.catalog.find((entry) => entry.id === install.request.source)?.name ?? install.request.source}
            onCancel={() => library.cancel(install.request.source)}
          />
        ))}
        {state.packs.length > 0 ? <InstalledPacks library={library} packs={state.packs} runtime={state.runtime} /> : <NothingInstalled />}
        <ReadyToInstall library={library} state={state} />
        <CatalogTable library={library} entries={state.catalog} installing={new Set(state.installs.keys())} />
        <InstallBox library={library} hubEndpoint={state.hub?.endpoint} />
        <HubSettingsForm library={library} hub={state.hub} />
        <RuntimeSettings library={library} runtime={state.runtime} />
      </div>
    </div>
  )
}

/** With no pack installed: what each feature needs, and where to get it. */
function NothingInstalled() {
  const { t } = useTranslation()
  return (
    <section className="needs" data-testid="needs">
      <p>{t('models.needs.title')}</p>
      <ul>
        {(['generate', 'edit', 'remove', 'drag'] as const).map((key) => (
          <li key={key}>{t(`models.needs.${key}`)}</li>
        ))}
      </ul>
      <p>
        <strong>{t('models.needs.pick')}</strong>
      </p>
    </section>
  )
}
