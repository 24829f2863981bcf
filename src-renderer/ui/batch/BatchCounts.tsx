import { useTranslation } from 'react-i18next'
import type { BatchInfo } from '../../../src-shared/contract'
import { batchItemStatuses } from '../../../src-shared/contract'

/** How far a batch is: a bar of the photos finished, and the count of each status that has any. */
export function BatchCounts({ info }: { info: BatchInfo }) {
  const { t } = useTranslation()
  const total = batchItemStatuses.reduce((sum, status) => sum + (info.counts[status] ?? 0), 0)
  const finished = (info.counts.done ?? 0) + (info.counts.failed ?? 0) + (info.counts.skipped ?? 0)
  return (
    <span className="batch-counts" data-testid="batch-counts">
      <progress value={finished} max={Math.max(1, total)} />
      <span>{t('batch.counts.finished', { finished, total })}</span>
      {batchItemStatuses
        .filter((status) => (info.counts[status] ?? 0) > 0)
        .map((status) => (
          <span key={status} className={`count ${status}`} data-count={status}>
            {t(`batch.status.${status}`)} {info.counts[status]}
          </span>
        ))}
    </span>
  )
}
