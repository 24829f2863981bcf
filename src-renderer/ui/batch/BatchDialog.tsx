import { useEffect, useSyncExternalStore, type DragEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor, EditorState } from '../../editor/Editor'
import { pathsFromDrop } from '../../editor/batch/batchPaths'
import { Dialog } from '../Dialog'
import { errorText } from '../i18n'
import { BatchList } from './BatchList'
import { OutputsTable } from './OutputsTable'
import { RecipeSection } from './RecipeSection'
import './batch.css'

type SaveFile = (file: { fileName: string; mimeType: string; bytes: Uint8Array }) => void

/**
 * The batch panel: a recipe (recorded from the history or loaded from a file) and its outputs, the photos and the
 * output folder, then every batch with its photos. Batches run in main whether the panel is open or not.
 */
export function BatchDialog({ editor, state, saveFile, onClose }: { editor: Editor; state: EditorState; saveFile: SaveFile; onClose: () => void }) {
  const { t } = useTranslation()
  const desk = editor.batch
  const batch = useSyncExternalStore(desk.subscribe, desk.get)
  useEffect(() => void desk.load(), [desk])

  // Dropped files and folders join the photos; the window's own drop (open a photo) must not see them.
  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    event.nativeEvent.stopPropagation()
    const paths = pathsFromDrop(event.dataTransfer.getData('text/uri-list') || event.dataTransfer.getData('text/plain'))
    if (paths.length) desk.addInputs(paths)
    else if (event.dataTransfer.files.length) desk.dropWithoutPaths()
  }

  return (
    <Dialog title={t('batch.title')} className="batch-dialog" onClose={onClose}>
      <div className="batch-body" onDragOver={(event) => event.preventDefault()} onDrop={onDrop}>
        {batch.error && (
          <p className="batch-error" role="alert">
            {errorText(batch.error)} <button onClick={() => desk.dismissError()}>{t('dismiss')}</button>
          </p>
        )}
        <RecipeSection editor={editor} state={state} batch={batch} saveFile={saveFile} />
        <OutputsTable desk={desk} outputs={batch.outputs} />
        <section className="batch-photos" aria-label={t('batch.photos.title')}>
          <h3>{t('batch.photos.title')}</h3>
          <label>
            <span>{t('batch.photos.inputs')}</span>
            <textarea data-testid="batch-inputs" rows={2} value={batch.inputs} placeholder={t('batch.photos.inputsPlaceholder')} onChange={(e) => desk.edit({ inputs: e.target.value })} />
          </label>
          {batch.dropHint && <p className="hint">{t('batch.photos.dropHint')}</p>}
          <div className="batch-row">
            <label className="grow">
              <span>{t('batch.photos.outDir')}</span>
              <input data-testid="batch-outdir" value={batch.outDir} placeholder={t('batch.photos.outDirPlaceholder')} onChange={(e) => desk.edit({ outDir: e.target.value })} />
            </label>
            <label>
              <span>{t('batch.photos.workers')}</span>
              <input
                type="number"
                min={1}
                max={64}
                value={batch.workers ?? ''}
                placeholder={t('batch.photos.workersAuto')}
                onChange={(e) => desk.edit({ workers: e.target.value ? Math.max(1, Math.round(Number(e.target.value))) : undefined })}
              />
            </label>
            <button className="primary" data-testid="batch-start" disabled={!desk.canStart()} onClick={() => void desk.start()}>
              {t('batch.start')}
            </button>
          </div>
          <p className="hint">{t('batch.photos.originalsSafe')}</p>
        </section>
        <BatchList editor={editor} batch={batch} onOpened={onClose} />
      </div>
    </Dialog>
  )
}
