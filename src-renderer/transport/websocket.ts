import { AppError, type Reply } from '../../src-shared/contract'
import type { ServerMessage } from '../../src-shared/contract/messages'
import { decodeFrame, encodeFrame } from '../../src-shared/contract/wire'
import type { Transport } from './apiClient'

/** Close code the server uses when a message is over its size limit (RFC 6455 §7.4.1). */
const MESSAGE_TOO_BIG = 1009

/** Web mode's transport: one WebSocket back to the server that served the page, reopened when it drops. */
export function connectWebSocket(token: string): Transport {
  const pending = new Map<number, (reply: Reply<unknown>) => void>()
  const listeners = new Set<(name: string, payload: unknown) => void>()
  let nextId = 1
  let socket: Promise<WebSocket> | undefined

  function open(): Promise<WebSocket> {
    socket ??= new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`)
      ws.binaryType = 'arraybuffer'
      ws.onopen = () => resolve(ws)
      ws.onmessage = (event) => receive(decodeFrame(new Uint8Array(event.data as ArrayBuffer)) as ServerMessage)
      ws.onclose = (event) => {
        socket = undefined
        const error =
          event.code === MESSAGE_TOO_BIG
            ? new AppError('api.tooLarge', 'The request was larger than the editor accepts.')
            : new AppError('api.badMessage', `The connection to the editor closed (code ${event.code}).`)
        reject(error)
        for (const settle of pending.values()) settle({ ok: false, error: error.toData() })
        pending.clear()
      }
    })
    return socket
  }

  function receive(message: ServerMessage): void {
    if (message.kind === 'event') for (const listener of listeners) listener(message.name, message.payload)
    if (message.kind === 'reply') {
      pending.get(message.id)?.(message.reply)
      pending.delete(message.id)
    }
    if (message.kind === 'rejected') console.error('The editor rejected a message:', message.error.message)
  }

  return {
    async send(method, input) {
      const ws = await open()
      const id = nextId++
      return new Promise<Reply<unknown>>((resolve) => {
        pending.set(id, resolve)
        ws.send(encodeFrame({ kind: 'call', id, method, input }))
      })
    },
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
