import { BrowserWindow, dialog } from 'electron'
import type { FileDialogs } from '../api/documents'

const photoExtensions = ['png', 'jpg', 'jpeg', 'webp', 'tif', 'tiff', 'avif', 'gif', 'heic', 'heif']

/** The system's own dialogs for Save as and Open; main hands their paths to the same handlers any path goes through. */
export function electronFileDialogs(): FileDialogs {
  const window = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
  return {
    chooseSaveAsPath: async (defaultPath) => {
      const options: Electron.SaveDialogOptions = {
        defaultPath,
        filters: [{ name: 'Z-Image Editor project', extensions: ['zproj'] }],
        // GTK asks before replacing only when told to; macOS and Windows always ask.
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      }
      const parent = window()
      const { canceled, filePath } = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options)
      return canceled || !filePath ? null : filePath
    },
    chooseFileToOpen: async () => {
      const options: Electron.OpenDialogOptions = {
        properties: ['openFile'],
        filters: [
          { name: 'Projects and photos', extensions: ['zproj', ...photoExtensions] },
          { name: 'All files', extensions: ['*'] },
        ],
      }
      const parent = window()
      const { canceled, filePaths } = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options)
      return canceled ? null : (filePaths[0] ?? null)
    },
  }
}
