import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { BatchInfo, BatchItem } from '../../../src-shared/contract'
import type { Editor } from '../../editor/Editor'
import type { BatchDeskState } from '../../editor/batch/BatchDesk'
import { errorText } from '../i18n'
import { formatFullTime, formatNumber } from '../i18n/format'
import { BatchCounts } from './BatchCounts'

/** Every batch, newest first, with its state, counts and controls; the selected one's photos below it. */
export function BatchList({ editor, batch, onOpened }: { editor: Editor; batch: BatchDeskState; onOpened: () => void }) {
  const { t, i18n } = useTranslation()
  const desk = editor.batch
  const [retryFailed, setRetryFailed] = useState(false)
  if (batch.batches.length === 0) return null
  const selected = batch.batches.find((info) => info.id === batch.selected)
  return (
    <section className="batch-list" aria-label={t('batch.list.title')}>
      <h3>{t('batch.list.title')}</h3>
      <ul data-testid="batches">
        {batch.batches.map((info) => (
          <li key={info.id} data-batch={info.id} data-state={info.state} aria-current={info.id === batch.selected ? 'true' : undefined}>
            <button className="batch-name" onClick={() => void desk.select(info.id)} title={info.outDir}>
              <span>
                <strong>{info.recipe.name}</strong> <span className={`state ${info.state}`}>{t(`batch.state.${info.state}`)}</span>
              </span>
              <span className="muted">
                {formatFullTime(i18n.language, info.createdAt)} · {t('batch.list.workers', { count: info.workers })} · {info.outDir}
              </span>
            </button>
            <BatchCounts info={info} />
            <span className="controls">
              <button data-control="use-recipe" title={t('batch.useRecipeHint')} onClick={() => desk.useRecipe(info.recipe)}>
                {t('batch.useRecipe')}
              </button>
              {info.state === 'running' && (
                <button data-control="pause" onClick={() => void desk.pause(info.id)}>
                  {t('batch.pause')}
                </button>
              )}
              {(info.state === 'running' || info.state === 'pausing') && (
                <button data-control="cancel" onClick={() => void desk.cancel(info.id)} title={t('batch.cancelHint')}>
                  {t('batch.cancel')}
                </button>
              )}
              {(info.state === 'paused' || info.state === 'cancelled' || (info.state === 'done' && info.counts.failed > 0)) && (
                <button data-control="resume" onClick={() => void desk.resume(info.id, retryFailed || info.state === 'done')}>
                  {info.state === 'done' ? t('batch.retryFailed') : t('batch.resume')}
                </button>
              )}
            </span>
          </li>
        ))}
      </ul>
      {selected && (selected.state === 'paused' || selected.state === 'cancelled') && selected.counts.failed > 0 && (
        <label className="retry">
          <input type="checkbox" checked={retryFailed} onChange={(e) => setRetryFailed(e.target.checked)} /> {t('batch.retryFailedToo')}
        </label>
      )}
      {selected && <BatchItems editor={editor} info={selected} items={batch.items} language={i18n.language} onOpened={onOpened} />}
    </section>
  )
}

function BatchItems({ editor, info, items, language, onOpened }: { editor: Editor; info: BatchInfo; items: BatchItem[]; language: string; onOpened: () => void }) {
  const { t } = useTranslation()
  const open = (project: string) => {
    onOpened()
    void editor.session.openProject(project)
  }
  return (
    <table className="batch-items" data-testid="batch-items">
      <thead>
        <tr>
          <th />
          <th>{t('batch.items.photo')}</th>
          <th>{t('batch.items.status')}</th>
          <th>{t('batch.items.time')}</th>
          <th>{t('batch.items.result')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.index} data-item={item.name} data-status={item.status}>
            <td>
              <ItemThumbnail editor={editor} batchId={info.id} item={item} />
            </td>
            <td title={item.input}>{item.name}</td>
            <td className={`status ${item.status}`}>{t(`batch.status.${item.status}`)}</td>
            <td>{item.durationMs !== undefined ? t('batch.items.seconds', { seconds: formatNumber(language, item.durationMs / 1000, 1) }) : ''}</td>
            <td>
              <div className="result">
                {item.error && <span className="item-error">{errorText(item.error)}</span>}
              {item.status === 'done' && <span className="muted">{item.outputs.map((output) => `${output.width}×${output.height} ${output.format.toUpperCase()}`).join(', ')}</span>}
              {item.project && (
                <button data-open-project={item.name} title={item.project} onClick={() => open(item.project!)}>
                  {t('batch.items.open')}
                </button>
              )}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function ItemThumbnail({ editor, batchId, item }: { editor: Editor; batchId: string; item: BatchItem }) {
  const [url, setUrl] = useState<string>()
  useEffect(() => void editor.batch.thumbnail(batchId, item).then(setUrl), [editor, batchId, item])
  return url ? <img src={url} alt="" /> : <span className="no-thumbnail" />
}
