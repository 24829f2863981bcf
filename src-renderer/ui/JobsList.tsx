import { useTranslation } from 'react-i18next'
import type { Editor, EditorState } from '../editor/Editor'

/** Jobs queued or running on the compute host, in the status bar: what kind (translated) and on what, progress, and cancel (hard with Shift). */
export function JobsList({ editor, state }: { editor: Editor; state: EditorState }) {
  const { t } = useTranslation()
  const active = state.jobs.filter((job) => job.state === 'queued' || job.state === 'running')
  if (active.length === 0) return null
  return (
    <ul className="jobs" data-testid="jobs">
      {active.map((job) => (
        <li key={job.id}>
          <span className="job-kind">{t(`jobs.kind.${job.kind}`, { defaultValue: job.kind })}</span>
          {job.label && <span className="muted">{job.label}</span>}
          {job.state === 'queued' ? <span className="muted">{t('jobs.queued')}</span> : <progress max={1} value={job.fraction} />}
          <button title={t('jobs.cancelHint')} onClick={(e) => editor.jobs.cancel(job.id, e.shiftKey)}>
            {t('jobs.cancel')}
          </button>
        </li>
      ))}
    </ul>
  )
}
