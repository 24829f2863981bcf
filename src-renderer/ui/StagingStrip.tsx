import { useEffect, useMemo, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { StagedCandidate } from '../../src-shared/contract'
import { actionById } from '../editor/actions'
import type { Editor } from '../editor/Editor'
import { tooltip } from './MenuBar'

/**
 * The staging strip over the canvas: a batch's candidates with their seeds, to accept one, several (each becomes
 * a version) or none. The one hovered or selected (← →) is previewed on the canvas. A flagged candidate arrives
 * blurred from main and stays so until the user reveals it.
 */
export function StagingStrip({ editor }: { editor: Editor }) {
  const { t } = useTranslation()
  const { candidates } = useSyncExternalStore(editor.staging.subscribe, editor.staging.get)
  if (candidates.length === 0) return null
  const shown = editor.staging.shown()
  const [previous, next] = [actionById('staging.previous'), actionById('staging.next')]
  return (
    <section className="staging" aria-label={t('staging.title')} data-testid="staging">
      <header>
        <span title={`${tooltip(t(previous.label), previous)} · ${tooltip(t(next.label), next)}`}>{t('staging.title')}</span>
        <button onClick={() => void editor.staging.discardAll()}>{t('staging.discardAll')}</button>
      </header>
      <ul onMouseLeave={() => editor.staging.hover(undefined)}>
        {candidates.map((candidate) => (
          <Candidate key={candidate.id} editor={editor} candidate={candidate} shown={candidate === shown} />
        ))}
      </ul>
    </section>
  )
}

function Candidate({ editor, candidate, shown }: { editor: Editor; candidate: StagedCandidate; shown: boolean }) {
  const { t } = useTranslation()
  const url = useMemo(() => URL.createObjectURL(new Blob([candidate.preview as Uint8Array<ArrayBuffer>], { type: 'image/png' })), [candidate.preview])
  useEffect(() => () => URL.revokeObjectURL(url), [url])
  const [accept, discard] = [actionById('staging.acceptShown'), actionById('staging.discardShown')]
  return (
    <li
      data-seed={candidate.seed}
      data-flagged={candidate.flagged || undefined}
      data-blurred={candidate.blurred || undefined}
      aria-current={shown || undefined}
      onMouseEnter={() => editor.staging.hover(candidate.id)}
    >
      <img src={url} alt={candidate.prompt} onClick={() => editor.staging.select(candidate.id)} />
      <span className="seed">{t('staging.seed', { seed: candidate.seed })}</span>
      {candidate.blurred && <span className="flagged">{t('staging.flagged')}</span>}
      <div>
        {candidate.blurred ? (
          <button onClick={() => void editor.staging.reveal(candidate.id)}>{t('staging.reveal')}</button>
        ) : (
          <button className="primary" title={tooltip(t(accept.label), accept)} onClick={() => void editor.staging.accept(candidate.id)}>
            {t('staging.accept')}
          </button>
        )}
        <button title={tooltip(t(discard.label), discard)} onClick={() => void editor.staging.discard([candidate.id])}>
          {t('staging.discard')}
        </button>
      </div>
    </li>
  )
}
