/**
 * The renderer's only door to main: one function per contract method, plus event delivery.
 * No Node, no ipcRenderer, no arbitrary channels reach the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { methodNames } from '../src-shared/contract'
import { ipcChannels, type PreloadApi } from '../src-shared/contract/ipc'

const api: PreloadApi = {
  methods: Object.fromEntries(methodNames.map((method) => [method, (input: unknown) => ipcRenderer.invoke(ipcChannels.call, method, input)])),
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload)
    ipcRenderer.on(ipcChannels.event, forward)
    return () => ipcRenderer.removeListener(ipcChannels.event, forward)
  },
}

contextBridge.exposeInMainWorld('editorApi', api)
