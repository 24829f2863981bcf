import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '../editor/Editor'
import { Dialog } from './Dialog'

/** Written at build time from package.json and node_modules (scripts/bundledParts.ts, electron.vite.config.ts). */
declare const __BUNDLED_PARTS__: readonly { name: string; version: string; licence: string }[]

/** The app's version as main reports it (app.info), and every bundled package with its version and licence. */
export function AboutDialog({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const { t } = useTranslation()
  const [info, setInfo] = useState<{ version: string; mode: string; platform: string }>()
  useEffect(() => void editor.api.call('app.info', {}).then(setInfo, () => setInfo(undefined)), [editor])
  return (
    <Dialog title={t('help.about.title')} className="about-dialog" onClose={onClose}>
      <p className="about-app">
        <strong>Z-Image Editor</strong> <span data-testid="app-version">{info ? t('help.about.version', { version: info.version }) : '…'}</span>
        {info && <span className="about-mode"> · {t(`help.about.mode.${info.mode}`)} · {info.platform}</span>}
      </p>
      <p>{t('help.about.models')}</p>
      <h3>{t('help.about.parts')}</h3>
      <table>
        <thead>
          <tr>
            <th>{t('help.about.package')}</th>
            <th>{t('help.about.packageVersion')}</th>
            <th>{t('help.about.licence')}</th>
          </tr>
        </thead>
        <tbody>
          {__BUNDLED_PARTS__.map((part) => (
            <tr key={part.name} data-package={part.name}>
              <td>{part.name}</td>
              <td>{part.version}</td>
              <td>{part.licence}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  )
}
