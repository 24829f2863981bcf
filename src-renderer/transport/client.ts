import { AppError, type MethodInput, type MethodName, type MethodOutput, type Reply } from '../../src-shared/contract'
import type { PreloadApi } from '../../src-shared/contract/ipc'
import { connectWebSocket } from './websocket'

/** The contract as the renderer sees it, whichever transport carries it. Failures throw AppError. */
export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>
  onEvent(listener: (name: string, payload: unknown) => void): () => void
}

/** A transport only moves a call and its reply; decoding replies into values or errors happens here. */
export interface Transport {
  send(method: string, input: unknown): Promise<Reply<unknown>>
  onEvent(listener: (name: string, payload: unknown) => void): () => void
}

export function createClient(): ApiClient {
  const preload = (window as unknown as { editorApi?: PreloadApi }).editorApi
  const transport: Transport = preload
    ? { send: (method, input) => preload.methods[method]!(input) as Promise<Reply<unknown>>, onEvent: preload.onEvent }
    : connectWebSocket(new URLSearchParams(location.hash.slice(1)).get('token') ?? '')
  return {
    async call(method, input) {
      const reply = await transport.send(method, input)
      if (!reply.ok) throw AppError.fromData(reply.error)
      return reply.value as never
    },
    onEvent: transport.onEvent,
  }
}
