/** Electron IPC channel names: one for calls (invoke/handle), one for events main pushes. */
export const ipcChannels = { call: 'api:call', event: 'api:event' } as const

/** What the preload exposes on `window.editorApi`: exactly the contract's methods, and event delivery. */
export interface PreloadApi {
  methods: Record<string, (input: unknown) => Promise<unknown>>
  onEvent(listener: (name: string, payload: unknown) => void): () => void
}
