import { useTranslation } from 'react-i18next'
import type { CatalogEntry } from '../../../src-shared/contract'
import type { ModelLibrary } from '../../editor/models/ModelLibrary'
import { FeatureChips } from './FeatureChips'
import { formatBytes } from './format'

/** The known public packs: what each enables and lacks, what it costs to download and to run, its licence, and one-click install. */
export function CatalogTable({ library, entries, installing }: { library: ModelLibrary; entries: CatalogEntry[]; installing: Set<string> }) {
  const { t } = useTranslation()
  return (
    <section aria-label={t('models.catalog.title')}>
      <h3>{t('models.catalog.title')}</h3>
      <p className="muted">{t('models.catalog.hint')}</p>
      <table data-testid="catalog">
        <thead>
          <tr>
            <th>{t('models.catalog.name')}</th>
            <th>{t('models.abilities')}</th>
            <th>{t('models.catalog.download')}</th>
            <th>{t('models.catalog.memory')}</th>
            <th>{t('models.catalog.licence')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-entry={entry.id}>
              <td>
                {entry.name}
                <small className="muted block">{entry.sources[0]?.repo}</small>
              </td>
              <td>
                <FeatureChips enables={entry.enables} lacks={entry.lacks} />
              </td>
              <td>{formatBytes(entry.downloadBytes)}</td>
              <td>{formatBytes(entry.memoryBytes)}</td>
              <td>
                {entry.licence}
                {!entry.commercial && (
                  <span className="not-commercial" title={t('models.catalog.notCommercial')} aria-label={t('models.catalog.notCommercial')}>
                    {' '}⚠
                  </span>
                )}
              </td>
              <td>
                {entry.installed ? (
                  <span className="installed-mark">✓ {t('models.catalog.installed')}</span>
                ) : (
                  <button className="primary" disabled={installing.has(entry.id)} onClick={() => void library.install({ kind: 'catalog', source: entry.id })}>
                    {t('models.catalog.install')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
