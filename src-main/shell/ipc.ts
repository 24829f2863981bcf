import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { AppError } from '../../src-shared/contract'
import { ipcChannels } from '../../src-shared/contract/ipc'
import { dispatch, type Handlers } from '../api'

/**
 * The contract over Electron IPC. Only frames loaded from the app's own origin may call; anything else
 * (a navigated-away frame, an injected iframe) gets api.unauthorized.
 */
export function bindIpc(ipcMain: IpcMain, handlers: Handlers, isTrustedUrl: (url: string) => boolean): void {
  ipcMain.handle(ipcChannels.call, (event: IpcMainInvokeEvent, method: unknown, input: unknown) => {
    const url = event.senderFrame?.url ?? ''
    if (!isTrustedUrl(url)) {
      return { ok: false, error: new AppError('api.unauthorized', `Calls from ${url || 'an unknown frame'} are not accepted.`).toData() }
    }
    return dispatch(handlers, method, input)
  })
}
