import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ComponentRole, PackInfo, PackFeature, RuntimeInfo } from '../../../src-shared/contract'
import { lacksByComponent } from '../../editor/models/featureNeeds'
import type { ModelLibrary } from '../../editor/models/ModelLibrary'
import { FeatureChips } from './FeatureChips'
import { featureList, formatBytes, sentences } from './format'

/** The installed packs: what each enables and lacks and why, where its graphs run, its size, and removal. */
export function InstalledPacks({ library, packs, runtime }: { library: ModelLibrary; packs: PackInfo[]; runtime?: RuntimeInfo }) {
  const { t } = useTranslation()
  const runsOn = (pack: PackInfo) => [...new Set(runtime?.loaded.filter((l) => l.packId === pack.id).map((l) => l.provider))].join(', ') || t('models.notLoaded')
  return (
    <section aria-label={t('models.installedTitle')}>
      <h3>{t('models.installedTitle')}</h3>
      <table data-testid="packs">
        <thead>
          <tr>
            <th>{t('models.name')}</th>
            <th>{t('models.abilities')}</th>
            <th>{t('models.size')}</th>
            <th>{t('models.inUse')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {packs.map((pack) => (
            <tr key={pack.id} data-pack={pack.id}>
              <td>
                {library.displayName(pack)}
                <small className="muted block">
                  {t(`models.familyName.${pack.family}`, { defaultValue: pack.family })} · {pack.variant}
                </small>
              </td>
              <td>
                <FeatureChips enables={pack.enables} lacks={pack.lacks} />
                {lacksByComponent(pack).map((lack) => (
                  <LackRow key={lack.component} library={library} pack={pack} {...lack} />
                ))}
              </td>
              <td>{formatBytes(pack.sizeOnDisk)}</td>
              <td>{runsOn(pack)}</td>
              <td>
                <button onClick={() => void library.remove(pack.id)}>{t('models.remove')}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

/** Why a pack lacks features, and a box to add the missing component from another Hub repo. */
function LackRow({ library, pack, component, features }: { library: ModelLibrary; pack: PackInfo; component: ComponentRole; features: PackFeature[] }) {
  const { t, i18n } = useTranslation()
  const [repo, setRepo] = useState('')
  const why = t(`models.why.${pack.family}.${component}`, { defaultValue: '' })
  const add = () => {
    if (repo.trim()) void library.install({ kind: 'component', source: repo.trim(), packId: pack.id }).then((added) => added && setRepo(''))
  }
  return (
    <form
      className="lack"
      onSubmit={(e) => {
        e.preventDefault()
        add()
      }}
    >
      <p>
        {sentences(i18n.language, [
          t('models.lackWhy', { count: features.length, features: featureList(t, i18n.language, features), component: t(`models.component.${component}`) }),
          why,
          t('models.addFrom'),
        ])}
      </p>
      <input
        aria-label={t('models.addRepo', { component: t(`models.component.${component}`) })}
        placeholder={t(`models.addPlaceholder.${component === 'vae_encoder' ? 'vae_encoder' : 'other'}`)}
        value={repo}
        onChange={(e) => setRepo(e.target.value)}
      />
      <button type="submit" disabled={!repo.trim()}>
        {t('models.add')}
      </button>
    </form>
  )
}
