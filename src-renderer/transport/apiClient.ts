import type { MethodInput, MethodName, MethodOutput, Reply } from '../../src-shared/contract'

/** The contract as the renderer sees it, whichever transport carries it. Failures throw AppError. */
export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>
  onEvent(listener: (name: string, payload: unknown) => void): () => void
}

/** A transport only moves a call and its reply; decoding replies into values or errors happens in `clientOver`. */
export interface Transport {
  send(method: string, input: unknown): Promise<Reply<unknown>>
  onEvent(listener: (name: string, payload: unknown) => void): () => void
}
