import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { AppError } from '../../src-shared/contract'
import { DocumentCanvas, isTyping } from '../canvas/DocumentCanvas'
import { actionForKey, actions, type Action, type ActionHost } from '../editor/actions'
import type { Editor } from '../editor/Editor'
import { shortcutLabel } from '../editor/keys'
import { HistoryPanel } from './HistoryPanel'
import { JobsList } from './JobsList'
import { ModelsDialog } from './ModelsDialog'
import { AboutDialog } from './AboutDialog'
import { BatchDialog } from './batch/BatchDialog'
import { BatchStatus } from './batch/BatchStatus'
import { ShortcutSheet } from './ShortcutSheet'
import { SaveAsDialog } from './SaveAsDialog'
import { RemoveBackgroundDialog } from './RemoveBackgroundDialog'
import { PromptPanel } from './PromptPanel'
import { RemovePanel } from './RemovePanel'
import { StagingStrip } from './StagingStrip'
import { LayersPanel } from './LayersPanel'
import { MenuBar } from './MenuBar'
import { OptionsBar } from './OptionsBar'
import { Toolbar } from './Toolbar'
import { errorText, toggleLanguage } from './i18n'

export function App({ editor }: { editor: Editor }) {
  const { t } = useTranslation()
  const state = useSyncExternalStore(editor.subscribe, editor.getState)
  const fileInput = useRef<HTMLInputElement>(null)
  const host = useMemo<ActionHost>(() => ({ chooseFile: () => chooseFile(fileInput.current!), saveFile, toggleLanguage }), [])
  const perform = (action: Action) => {
    if (action.enabled && !action.enabled(editor)) return
    void Promise.resolve(action.run(editor, host)).catch((error: unknown) => editor.showError(error))
  }

  useEffect(() => void editor.session.resume(), [editor])
  const closeDialog = useCallback(() => editor.openDialog(undefined), [editor])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // In a text field every key is the field's: Ctrl/Cmd+A selects its text, Ctrl/Cmd+Z undoes the typing.
      // Escape only leaves the field, so the next key is a shortcut again.
      if (isTyping(event)) {
        if (event.key === 'Escape') (event.target as HTMLElement).blur()
        return
      }
      if (event.key === 'Escape') return editor.tool.onCancel()
      const action = actionForKey(event, editor)
      // A key whose action can't run now (Enter with no drag to apply) keeps its ordinary meaning, such as pressing
      // a focused button.
      if (!action) return
      event.preventDefault()
      perform(action)
    }
    const onDrop = (event: DragEvent) => {
      event.preventDefault()
      const file = event.dataTransfer?.files[0]
      if (file) void editor.session.openFile(file)
    }
    const onPaste = (event: ClipboardEvent) => {
      if (isTyping(event)) return
      const file = [...(event.clipboardData?.files ?? [])][0]
      // With a document open a pasted image becomes a layer, as in Photoshop; otherwise it opens as a document.
      if (file) void (editor.getState().document ? editor.session.addLayerFromFile(file) : editor.session.openFile(file))
      else editor.showError(new AppError('image.unsupported', 'The clipboard holds no image.'))
    }
    const allowDrop = (event: DragEvent) => event.preventDefault()
    window.addEventListener('keydown', onKey)
    window.addEventListener('dragover', allowDrop)
    window.addEventListener('drop', onDrop)
    window.addEventListener('paste', onPaste)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('dragover', allowDrop)
      window.removeEventListener('drop', onDrop)
      window.removeEventListener('paste', onPaste)
    }
  })

  return (
    <div className="app">
      <MenuBar actions={actions} editor={editor} perform={perform} />
      <OptionsBar editor={editor} state={state} />
      <div className="body">
        <Toolbar state={state} perform={perform} />
        <main className="workspace">
          <DocumentCanvas editor={editor} state={state} />
          <StagingStrip editor={editor} />
          {!state.document && !state.busy && <EmptyState editor={editor} />}
          {state.document?.readOnly && (
            <div className="read-only" role="status">
              {t('readOnly.banner')}
            </div>
          )}
          {state.error && (
            <div className="error" role="alert">
              <span>{errorText(state.error)}</span>
              <button onClick={() => editor.dismissError()}>{t('dismiss')}</button>
            </div>
          )}
        </main>
        <div className="panels">
          <div>
            <PromptPanel editor={editor} state={state} />
            <RemovePanel editor={editor} state={state} perform={perform} />
          </div>
          <LayersPanel editor={editor} state={state} perform={perform} />
          <HistoryPanel editor={editor} state={state} perform={perform} />
        </div>
      </div>
      <footer className="statusbar">
        <span data-testid="status">{state.busy ? t(state.busy) : t('status.ready')}</span>
        {state.busy && <progress className="busy" />}
        <JobsList editor={editor} state={state} />
        <BatchStatus editor={editor} />
        {state.notice && !state.busy && <span data-testid="notice">{t(state.notice.key, state.notice.values)}</span>}
        {state.document && (
          <span>
            {state.document.name} · {state.document.width}×{state.document.height} · <ZoomReadout editor={editor} />
          </span>
        )}
      </footer>
      {state.dialog === 'models' && <ModelsDialog editor={editor} />}
      {state.dialog === 'shortcuts' && <ShortcutSheet actions={actions} onClose={closeDialog} />}
      {state.dialog === 'about' && <AboutDialog editor={editor} onClose={closeDialog} />}
      {state.dialog === 'batch' && <BatchDialog editor={editor} state={state} saveFile={host.saveFile} onClose={closeDialog} />}
      {state.dialog === 'removeBackground' && <RemoveBackgroundDialog editor={editor} state={state} onClose={closeDialog} />}
      <SaveAsDialog editor={editor} />
      <input ref={fileInput} type="file" accept="image/*,.tif,.tiff,.heic,.heif,.avif,.zproj" hidden data-testid="open-file" />
    </div>
  )
}

/** The zoom as a percentage; it follows the view store alone, so zooming doesn't re-render the app. */
function ZoomReadout({ editor }: { editor: Editor }) {
  const { t } = useTranslation()
  const { view } = useSyncExternalStore(editor.view.subscribe, editor.view.get)
  return <>{t('status.zoom', { percent: Math.round(view.zoom * 100) })}</>
}

/** What an empty window offers: how to open a photo, and the projects opened last. */
function EmptyState({ editor }: { editor: Editor }) {
  const { t } = useTranslation()
  const recent = useSyncExternalStore(editor.files.recent.subscribe, editor.files.recent.get)
  useEffect(() => void editor.files.refreshRecent(), [editor])
  return (
    <div className="empty">
      <h1>{t('empty.title')}</h1>
      <p>{t('empty.hint', { shortcut: shortcutLabel('Mod+O') })}</p>
      {recent.length > 0 && (
        <section aria-label={t('empty.recent')}>
          <h2>{t('empty.recent')}</h2>
          <ul>
            {recent.map((project) => (
              <li key={project.path}>
                <button title={project.path} onClick={() => void editor.session.openPath(project.path)}>
                  {project.name}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}

function chooseFile(input: HTMLInputElement): Promise<File | undefined> {
  return new Promise((resolve) => {
    input.value = ''
    input.onchange = () => resolve(input.files?.[0])
    input.oncancel = () => resolve(undefined)
    input.click()
  })
}

function saveFile({ fileName, mimeType, bytes }: { fileName: string; mimeType: string; bytes: Uint8Array }): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }))
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName })
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
