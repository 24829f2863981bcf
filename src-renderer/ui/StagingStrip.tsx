import { useEffect, useMemo, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { StagedCandidate } from '../../src-shared/contract'
import type { Editor } from '../editor/Editor'

/**
 * The staging strip over the canvas: a batch's candidates with their seeds, to accept one, several (each becomes
 * a version) or none. A flagged candidate stays blurred until the user reveals it.
 */
export function StagingStrip({ editor }: { editor: Editor }) {
  const { t } = useTranslation()
  const { candidates, revealed } = useSyncExternalStore(editor.staging.subscribe, editor.staging.get)
  if (candidates.length === 0) return null
  return (
    <section className="staging" aria-label={t('staging.title')} data-testid="staging">
      <header>
        <span>{t('staging.title')}</span>
        <button onClick={() => void editor.staging.discardAll()}>{t('staging.discardAll')}</button>
      </header>
      <ul>
        {candidates.map((candidate) => (
          <Candidate key={candidate.id} editor={editor} candidate={candidate} blurred={candidate.flagged && !revealed.includes(candidate.id)} />
        ))}
      </ul>
    </section>
  )
}

function Candidate({ editor, candidate, blurred }: { editor: Editor; candidate: StagedCandidate; blurred: boolean }) {
  const { t } = useTranslation()
  const url = useMemo(() => URL.createObjectURL(new Blob([candidate.preview as Uint8Array<ArrayBuffer>], { type: 'image/png' })), [candidate.preview])
  useEffect(() => () => URL.revokeObjectURL(url), [url])
  return (
    <li data-seed={candidate.seed} data-flagged={candidate.flagged || undefined}>
      <img src={url} alt={candidate.prompt} className={blurred ? 'blurred' : undefined} />
      <span className="seed">{t('staging.seed', { seed: candidate.seed })}</span>
      {blurred && <span className="flagged">{t('staging.flagged')}</span>}
      <div>
        {blurred ? (
          <button onClick={() => editor.staging.reveal(candidate.id)}>{t('staging.reveal')}</button>
        ) : (
          <button className="primary" onClick={() => void editor.staging.accept(candidate.id)}>
            {t('staging.accept')}
          </button>
        )}
        <button onClick={() => void editor.staging.discard([candidate.id])}>{t('staging.discard')}</button>
      </div>
    </li>
  )
}
