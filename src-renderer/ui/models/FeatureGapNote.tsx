import { useTranslation } from 'react-i18next'
import type { Editor } from '../../editor/Editor'
import type { FeatureGap } from '../../editor/models/featureNeeds'
import { featureList, sentences } from './format'

/** Says, beside buttons that are off, what they need and where to get it, with a button to the Model manager. */
export function FeatureGapNote({ editor, gaps }: { editor: Editor; gaps: FeatureGap[] }) {
  const { t, i18n } = useTranslation()
  if (gaps.length === 0) return null
  const sentence = (gap: FeatureGap) => {
    const values = { count: gap.features.length, features: featureList(t, i18n.language, gap.features) }
    if (gap.kind === 'noPack') return t('models.gap.noPack', values)
    if (gap.kind === 'unsupported') return t('models.gap.unsupported', { ...values, pack: gap.pack })
    const why = t(`models.why.${gap.family}.${gap.component}`, { defaultValue: '' })
    return sentences(i18n.language, [t('models.gap.lacks', { ...values, component: t(`models.component.${gap.component}`), pack: gap.pack }), why])
  }
  return (
    <div className="gap-note" data-testid="feature-gaps">
      {gaps.map((gap) => (
        <p key={gap.features.join()}>{sentence(gap)}</p>
      ))}
      <p>
        {t('models.gap.where')}{' '}
        <button className="link" onClick={() => editor.openDialog('models')}>
          {t('models.gap.open')}
        </button>
      </p>
    </div>
  )
}
