import type { ExportFormat } from '../../src-shared/contract'
import type { Editor } from './Editor'

/** What an action may ask of the window around the editor: choosing and saving files, switching language. */
export interface ActionHost {
  chooseFile(): Promise<File | undefined>
  saveFile(file: { fileName: string; mimeType: string; bytes: Uint8Array }): void
  toggleLanguage(): void
}

export type MenuName = 'file' | 'view' | 'help'

export interface Action {
  id: string
  /** i18n key of the label shown in menus and tooltips. */
  label: string
  menu: MenuName
  /** 'Mod' is Cmd on macOS and Ctrl elsewhere. */
  shortcut?: string
  enabled?: (editor: Editor) => boolean
  run(editor: Editor, host: ActionHost): void | Promise<void>
}

const hasDocument = (editor: Editor) => editor.getState().document !== undefined

function exportAction(format: ExportFormat, shortcut?: string): Action {
  return {
    id: `file.export.${format}`,
    label: `action.export.${format}`,
    menu: 'file',
    shortcut,
    enabled: hasDocument,
    async run(editor, host) {
      const file = await editor.exportImage(format)
      if (file) host.saveFile(file)
    },
  }
}

/** Every user action, once: menus, shortcuts and tooltips all read this table. */
export const actions: Action[] = [
  {
    id: 'file.open',
    label: 'action.open',
    menu: 'file',
    shortcut: 'Mod+O',
    async run(editor, host) {
      const file = await host.chooseFile()
      if (file) await editor.openFile(file)
    },
  },
  exportAction('png', 'Mod+Shift+E'),
  exportAction('jpeg'),
  exportAction('webp'),
  { id: 'view.fit', label: 'action.zoomToFit', menu: 'view', shortcut: 'Mod+0', enabled: hasDocument, run: (editor) => editor.zoomToFit() },
  { id: 'view.actual', label: 'action.actualPixels', menu: 'view', shortcut: 'Mod+1', enabled: hasDocument, run: (editor) => editor.zoomToActualPixels() },
  { id: 'view.zoomIn', label: 'action.zoomIn', menu: 'view', shortcut: 'Mod+=', enabled: hasDocument, run: (editor) => editor.zoomBy(2) },
  { id: 'view.zoomOut', label: 'action.zoomOut', menu: 'view', shortcut: 'Mod+-', enabled: hasDocument, run: (editor) => editor.zoomBy(0.5) },
  { id: 'help.language', label: 'action.language', menu: 'help', run: (_editor, host) => host.toggleLanguage() },
]
