import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { HistoryEntry } from '../../src-shared/contract'
import { actionById, type Action } from '../editor/actions'
import type { Editor, EditorState } from '../editor/Editor'
import { tooltip } from './MenuBar'
import { formatFullTime, formatVersionTime } from './i18n/format'
import { operationsLabelled } from './i18n/operationLabels'

/**
 * Every version, newest first: thumbnail, operation, prompt and time. The current version is marked; versions
 * off the current branch are shown dimmed. Clicking one makes it current; nothing is ever lost.
 */
export function HistoryPanel({ editor, state, perform }: { editor: Editor; state: EditorState; perform: (action: Action) => void }) {
  const { t, i18n } = useTranslation()
  const [query, setQuery] = useState('')
  const [found, setFound] = useState<HistoryEntry[]>()
  const document = state.document

  useEffect(() => {
    let current = true
    if (!query.trim()) setFound(undefined)
    else void editor.session.searchHistory(query, operationsLabelled(query)).then((entries) => current && setFound(entries))
    return () => {
      current = false
    }
  }, [editor, query, state.history])

  // The panel keeps its place without a document, so opening one doesn't resize the canvas under it.
  const entries = document ? (found ?? state.history) : []
  return (
    <aside className="history" aria-label={t('history.title')}>
      <header>
        <h2>{t('history.title')}</h2>
        {(['edit.undo', 'edit.redo', 'view.compare', 'history.recordRecipe'] as const).map((id) => {
          const action = actionById(id)
          return (
            <button
              key={id}
              data-action={id}
              aria-pressed={id === 'view.compare' ? Boolean(state.comparing) : undefined}
              disabled={action.enabled ? !action.enabled(editor) : false}
              title={id === 'history.recordRecipe' ? t('history.recordRecipeHint') : tooltip(t(action.label), action)}
              onClick={() => perform(action)}
            >
              {t(`history.${id.split('.')[1]}`)}
            </button>
          )
        })}
      </header>
      <input type="search" placeholder={t('history.search')} value={query} disabled={!document} onChange={(e) => setQuery(e.target.value)} />
      {state.comparing && <p className="comparing">{t('history.showingBefore')}</p>}
      <ol data-testid="history">
        {entries.map((entry) => (
          <li key={entry.id} className={[entry.isHead && 'head', !entry.onHeadPath && 'branch'].filter(Boolean).join(' ')}>
            <button className="version" onClick={() => void editor.session.goTo(entry.id)} aria-current={entry.isHead ? 'true' : undefined} data-version={entry.id}>
              <Thumbnail editor={editor} documentId={document!.id} entry={entry} />
              <span className="operation">{t(`operation.${entry.operation}`, { defaultValue: entry.operation })}</span>
              {entry.prompt && <span className="prompt">{entry.prompt}</span>}
              <time dateTime={new Date(entry.createdAt).toISOString()} title={formatFullTime(i18n.language, entry.createdAt)}>
                {formatVersionTime(i18n.language, entry.createdAt)}
              </time>
            </button>
            {generated.has(entry.operation) && (
              <button className="rerun" data-rerun={entry.id} title={t('history.rerunHint')} onClick={() => void editor.jobs.rerun(entry.id)}>
                {t('history.rerun')}
              </button>
            )}
            {entry.operation === 'warp' && (
              <button className="rerun" data-reopen-drag={entry.id} title={t('history.reopenDragHint')} onClick={() => void editor.jobs.reopenDrag(entry.id)}>
                {t('history.reopenDrag')}
              </button>
            )}
          </li>
        ))}
      </ol>
    </aside>
  )
}

/** Versions made by a model, which can run again with another seed. */
const generated = new Set(['edit', 'inpaint', 'outpaint', 'generate'])

const thumbnails = new Map<string, Promise<string | undefined>>()

/** Every version has a picture: main composites one for versions that were committed without (see history.thumbnail). */
function Thumbnail({ editor, documentId, entry }: { editor: Editor; documentId: string; entry: HistoryEntry }) {
  const [url, setUrl] = useState<string>()
  useEffect(() => {
    const key = `${documentId}/${entry.id}`
    if (!thumbnails.has(key)) {
      thumbnails.set(
        key,
        editor.api
          .call('history.thumbnail', { documentId, versionId: entry.id })
          .then(({ bytes }) => (bytes ? URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/webp' })) : undefined))
          // A failed request is tried again the next time the row is drawn.
          .catch(() => void thumbnails.delete(key)),
      )
    }
    void thumbnails.get(key)!.then(setUrl)
  }, [editor, documentId, entry.id])
  return url ? <img src={url} alt="" /> : <span className="no-thumbnail" />
}
