import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { providerChoices, type PackInfo, type RuntimeInfo } from '../../src-shared/contract'
import type { Editor, EditorState } from '../editor/Editor'

/**
 * The model manager: installed packs with family, variant and size, removal, and installing a pack from a
 * folder on this machine or from a URL, with a progress bar, speed, time left and cancel. Nothing is
 * downloaded unless the user asks here.
 */
export function ModelsDialog({ editor, state }: { editor: Editor; state: EditorState }) {
  const { t } = useTranslation()
  const [packs, setPacks] = useState<PackInfo[]>([])
  const [source, setSource] = useState('')
  const [installing, setInstalling] = useState<string>()
  const [runtime, setRuntime] = useState<RuntimeInfo>()
  const refresh = () => {
    void editor.api.call('models.list', {}).then(({ packs }) => setPacks(packs), (error: unknown) => editor.showError(error))
    void editor.api.call('models.runtime', {}).then(setRuntime, (error: unknown) => editor.showError(error))
  }
  const changeRuntime = (change: { provider?: RuntimeInfo['provider']; budgetBytes?: number }) =>
    void editor.api.call('models.setRuntime', change).then(setRuntime, (error: unknown) => editor.showError(error))
  useEffect(refresh, [editor])

  const install = async () => {
    const wanted = source.trim()
    if (!wanted) return
    setInstalling(wanted)
    if (await editor.installPack(wanted)) setSource('')
    setInstalling(undefined)
    refresh()
  }
  const progress = installing ? state.installs.get(installing) : undefined

  return (
    <div className="dialog-backdrop" onClick={() => editor.openDialog(undefined)}>
      <div className="dialog" role="dialog" aria-label={t('models.title')} onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>{t('models.title')}</h2>
          <button onClick={() => editor.openDialog(undefined)}>{t('dismiss')}</button>
        </header>
        {packs.length === 0 ? (
          <p className="muted">{t('models.none')}</p>
        ) : (
          <table data-testid="packs">
            <thead>
              <tr>
                <th>{t('models.name')}</th>
                <th>{t('models.family')}</th>
                <th>{t('models.size')}</th>
                <th>{t('models.inUse')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {packs.map((pack) => (
                <tr key={pack.id}>
                  <td>{pack.name}</td>
                  <td>
                    {pack.family} · {pack.variant}
                  </td>
                  <td>{formatBytes(pack.sizeOnDisk)}</td>
                  <td>{[...new Set(runtime?.loaded.filter((l) => l.packId === pack.id).map((l) => l.provider))].join(', ') || t('models.notLoaded')}</td>
                  <td>
                    <button onClick={() => void editor.api.call('models.remove', { id: pack.id }).then(refresh, (error: unknown) => editor.showError(error))}>
                      {t('models.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {runtime && (
          <div className="runtime">
            <label>
              {t('models.provider')}
              <select value={runtime.provider} onChange={(e) => changeRuntime({ provider: e.target.value as RuntimeInfo['provider'] })}>
                {providerChoices.map((choice) => (
                  <option key={choice} value={choice}>
                    {t(`models.providers.${choice}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('models.budget')}
              <input
                type="number"
                min={1}
                step={1}
                defaultValue={Math.round(runtime.budgetBytes / 2 ** 30)}
                onBlur={(e) => Number(e.target.value) > 0 && changeRuntime({ budgetBytes: Math.round(Number(e.target.value) * 2 ** 30) })}
              />
              GB
            </label>
          </div>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void install()
          }}
        >
          <label>
            {t('models.source')}
            <input value={source} onChange={(e) => setSource(e.target.value)} placeholder="/path/to/pack  ·  https://…/pack" disabled={Boolean(installing)} />
          </label>
          <button type="submit" disabled={Boolean(installing) || !source.trim()}>
            {t('models.install')}
          </button>
          {installing && (
            <button type="button" onClick={() => void editor.api.call('models.cancelInstall', { source: installing })}>
              {t('models.cancel')}
            </button>
          )}
        </form>
        {installing && (
          <div className="install-progress">
            <progress data-testid="install-progress" max={progress?.bytesTotal || 1} value={progress?.bytesDone ?? 0} />
            <span>
              {progress
                ? t('models.progress', {
                    file: progress.file,
                    done: formatBytes(progress.bytesDone),
                    total: formatBytes(progress.bytesTotal),
                    speed: formatBytes(progress.bytesPerSecond),
                    left: progress.secondsLeft === undefined ? '…' : Math.ceil(progress.secondsLeft),
                  })
                : t('models.checking')}
            </span>
          </div>
        )}
      </div>
    </div>
  )
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`
}
