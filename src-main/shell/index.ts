/**
 * The desktop app's main process: windows, the app:// protocol, IPC and the compute host.
 * The only code that imports 'electron' lives in this folder.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron'
import { ipcChannels } from '../../src-shared/contract/ipc'
import { createApi } from '../api'
import { batchCommandArgs, runBatchCommand } from '../batch/batchCommand'
import { prepareDataFolders } from '../documents/dataFolders'
import { ComputeHost } from '../compute/ComputeHost'
import { appOrigin, registerAppScheme, serveRenderer } from './appProtocol'
import { spawnUtilityComputeProcess } from './computeProcess'
import { electronFileDialogs } from './fileDialogs'
import { bindIpc } from './ipc'
import { isPermissionAllowed } from './permissions'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
/** electron-vite dev serves the renderer from a local dev server; a built app loads app://editor/. */
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const startUrl = devServerUrl ?? `${appOrigin}/index.html`
const isTrustedUrl = (url: string) => url.startsWith(`${appOrigin}/`) || (devServerUrl !== undefined && url.startsWith(devServerUrl))

registerAppScheme()

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

// `<binary> batch …` runs the batch command line with no window (src-main/batch/batchCommand.ts), its workers in
// utility processes, its packs and settings the app's own.
const batchArgs = batchCommandArgs(process.argv)

app.whenReady().then(() => {
  if (batchArgs) return void runBatchCommand(batchArgs, { command: `${process.argv[0]} batch`, spawnCompute: spawnUtilityComputeProcess(here('./compute-host.js')), createApi, dataDir: app.getPath('userData') }).then((code) => app.exit(code))
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionAllowed(permission)))
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission))
  serveRenderer(here('../renderer'))
  const spawnCompute = spawnUtilityComputeProcess(here('./compute-host.js'))
  const compute = new ComputeHost(spawnCompute)
  const folders = { projectsDir: join(app.getPath('documents'), 'Z-Image Editor'), userDataDir: app.getPath('userData') }
  // A data folder that cannot be written does not stop the app: existing projects still open read-only.
  const folderProblem = prepareDataFolders(folders)
  if (folderProblem) void dialog.showMessageBox({ type: 'warning', message: folderProblem })
  const emit = (name: string, payload: unknown) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(ipcChannels.event, name, payload)
  }
  // A batch runs its workers in utility processes of their own, side by side.
  const api = createApi({ mode: 'desktop', version: app.getVersion(), compute, folders, emit, dialogs: electronFileDialogs(), spawnCompute })
  bindIpc(ipcMain, api.handlers, isTrustedUrl)
  // The editor draws its own menu bar from its action registry; the native menu keeps only the standard roles.
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
      { role: 'editMenu' },
      // No Close item: Ctrl/Cmd+W is the editor's File › Close (back to the start screen), not closing the window.
      { role: 'windowMenu', submenu: [{ role: 'minimize' }, { role: 'zoom' }] },
    ]),
  )
  openWindow()
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && openWindow())
  app.on('before-quit', () => {
    compute.dispose()
    api.close()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

function openWindow(): void {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Z-Image Editor',
    show: false,
    webPreferences: {
      preload: here('../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(startUrl)
}
