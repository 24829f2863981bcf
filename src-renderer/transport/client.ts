import { AppError, type Reply } from '../../src-shared/contract'
import type { PreloadApi } from '../../src-shared/contract/ipc'
import type { ApiClient, Transport } from './apiClient'
import { connectWebSocket } from './websocket'

export function createClient(): ApiClient {
  const preload = (window as unknown as { editorApi?: PreloadApi }).editorApi
  const transport: Transport = preload
    ? { send: (method, input) => preload.methods[method]!(input) as Promise<Reply<unknown>>, onEvent: preload.onEvent }
    : connectWebSocket(new URLSearchParams(location.hash.slice(1)).get('token') ?? '')
  return clientOver(transport)
}

/** The client over any transport: a failed reply throws its AppError (the Node test editor uses it over dispatch). */
export function clientOver(transport: Transport): ApiClient {
  return {
    async call(method, input) {
      const reply = await transport.send(method, input)
      if (!reply.ok) throw AppError.fromData(reply.error)
      return reply.value as never
    },
    onEvent: transport.onEvent,
  }
}
