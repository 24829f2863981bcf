import { useEffect, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { batchItemStatuses } from '../../../src-shared/contract'
import type { Editor } from '../../editor/Editor'
import './batch.css'

/** The status bar's line for the batches running now; clicking it opens the batch panel. */
export function BatchStatus({ editor }: { editor: Editor }) {
  const { t } = useTranslation()
  const desk = editor.batch
  useSyncExternalStore(desk.subscribe, desk.get)
  // Batches from before a restart are listed (paused) without opening the panel.
  useEffect(() => void desk.load(), [desk])
  const batches = desk.active()
  const onOpen = () => editor.openDialog('batch')
  return (
    <>
      {batches.map((info) => {
        const total = batchItemStatuses.reduce((sum, status) => sum + (info.counts[status] ?? 0), 0)
        const finished = (info.counts.done ?? 0) + (info.counts.failed ?? 0) + (info.counts.skipped ?? 0)
        return (
          <button key={info.id} className="batch-status" data-testid="batch-status" onClick={onOpen}>
            {t('batch.statusBar', { name: info.recipe.name, finished, total })}
            {info.counts.failed ? ` · ${t('batch.status.failed')} ${info.counts.failed}` : ''}
            <progress value={finished} max={Math.max(1, total)} />
          </button>
        )
      })}
    </>
  )
}
