import { AppError, type AppErrorData } from '../../../src-shared/contract'
import { FilePath } from '../../../src-shared/contract/paths'
import type { DocumentSession } from '../document/DocumentSession'
import type { EditorContext } from '../state'
import { Store } from '../Store'

export interface RecentEntry {
  path: string
  name: string
}

/** What the in-app Save as dialog shows (web mode, where there is no system dialog). */
export interface SaveAsDialogState {
  path: string
  /** The file exists: the user is asked before it is replaced, and nothing is written until they say so. */
  confirmReplace: boolean
  /** Why the last try did not save: an i18n key of the dialog's own, or an error from main (project.inUse…). */
  problem?: { key: string } | { error: AppErrorData }
  saving?: boolean
}

/**
 * Opening, saving as and the recent list, free of React: the system's dialogs where main has them (desktop), the
 * browser's file chooser and the in-app Save as dialog where it answers dialog.unavailable (web mode).
 */
export class ProjectFiles {
  readonly recent = new Store<RecentEntry[]>([])
  readonly saveAsDialog = new Store<SaveAsDialogState | undefined>(undefined)
  /** Set by the first dialog.unavailable: this main has no system dialogs, so the browser's are used at once. */
  private noSystemDialogs = false

  constructor(
    private readonly editor: Pick<EditorContext, 'api' | 'getState' | 'showError'>,
    private readonly session: DocumentSession,
  ) {}

  async refreshRecent(): Promise<void> {
    const recent = await this.editor.api.call('documents.recent', {}).catch(() => undefined)
    if (recent) this.recent.set(recent.map(({ path, name }) => ({ path, name })))
  }

  /** File › Open: a project opens in place, a photo as a new project. */
  async open(chooseFile: () => Promise<File | undefined>): Promise<void> {
    if (!this.noSystemDialogs) {
      try {
        const { path } = await this.editor.api.call('documents.chooseFileToOpen', {})
        if (path) await this.session.openPath(path)
        return
      } catch (error) {
        if (AppError.from(error).code !== 'dialog.unavailable') throw error
        this.noSystemDialogs = true
      }
    }
    const file = await chooseFile()
    if (file) await this.session.openFile(file)
  }

  /** File › Save as: the system dialog (which asks before replacing a file itself), else the in-app one. */
  async startSaveAs(): Promise<void> {
    const document = this.editor.getState().document
    if (!document) return
    try {
      const { path, confirmedOverwrite } = await this.editor.api.call('documents.chooseSaveAsPath', { documentId: document.id })
      if (path) await this.save(path, confirmedOverwrite, { shownInDialog: false })
    } catch (error) {
      const failure = AppError.from(error)
      if (failure.code !== 'dialog.unavailable') return this.editor.showError(failure)
      this.saveAsDialog.set({ path: String(failure.details?.suggestedPath ?? document.path), confirmReplace: false })
    }
  }

  /** Typing a new path drops a pending "Replace?": it was asked about another file. */
  editSaveAsPath(path: string): void {
    this.saveAsDialog.set({ path, confirmReplace: false })
  }

  /** Save in the dialog; with `replace`, the answer to "Replace?" for the file it named. */
  async submitSaveAs(replace = false): Promise<void> {
    const state = this.saveAsDialog.get()
    if (!state || state.saving) return
    const path = state.path.trim()
    // Checked here with the contract's own rule, so a relative path gets a sentence, not api.badInput.
    if (!FilePath.safeParse(path).success) return this.saveAsDialog.set({ ...state, problem: { key: 'saveAs.badPath' } })
    this.saveAsDialog.set({ ...state, path, problem: undefined, saving: true })
    await this.save(path, replace && state.confirmReplace, { shownInDialog: true })
  }

  cancelSaveAs(): void {
    this.saveAsDialog.set(undefined)
  }

  /** Back from "Replace?" to the path, to type another. */
  declineReplace(): void {
    const state = this.saveAsDialog.get()
    if (state) this.saveAsDialog.set({ path: state.path, confirmReplace: false })
  }

  private async save(path: string, overwrite: boolean, { shownInDialog }: { shownInDialog: boolean }): Promise<void> {
    try {
      await this.session.saveAs(path, overwrite)
      this.saveAsDialog.set(undefined)
      void this.refreshRecent()
    } catch (error) {
      const failure = AppError.from(error)
      // An existing file is replaced only when the user says so; an open project never is (project.inUse).
      if (failure.code === 'project.exists') return this.saveAsDialog.set({ path, confirmReplace: true })
      if (shownInDialog) this.saveAsDialog.set({ path, confirmReplace: false, problem: { error: failure.toData() } })
      else this.editor.showError(failure)
    }
  }
}
