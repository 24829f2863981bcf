import { useTranslation } from 'react-i18next'
import type { ComponentRole, PackFeature } from '../../../src-shared/contract'

/** What a pack (or catalog entry) enables, as chips, and what it lacks, each with the component it needs. */
export function FeatureChips({ enables, lacks }: { enables: PackFeature[]; lacks: { feature: PackFeature; component: ComponentRole }[] }) {
  const { t } = useTranslation()
  return (
    <span className="chips">
      {enables.map((feature) => (
        <span key={feature} className="chip enables" data-feature={feature}>
          {t(`models.feature.${feature}`)}
        </span>
      ))}
      {lacks.map(({ feature, component }) => (
        <span key={feature} className="chip lacks" data-feature={feature} title={t('models.lacksChip', { feature: t(`models.feature.${feature}`), component: t(`models.component.${component}`) })}>
          {t(`models.feature.${feature}`)} <small>({t(`models.componentName.${component}`)})</small>
        </span>
      ))}
    </span>
  )
}
