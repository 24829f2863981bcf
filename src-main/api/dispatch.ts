import { z } from 'zod'
import { AppError, isMethodName, methods, type MethodName, type MethodOutput, type Methods, type Reply } from '../../src-shared/contract'

/** One async function per contract method, given the already-validated input. */
export type Handlers = {
  [M in MethodName]: (input: z.output<Methods[M]['input']>) => Promise<MethodOutput<M>>
}

/**
 * The single entry every transport calls: checks the method name and the input against the contract,
 * runs the handler and turns any failure into a Reply with a clear AppError. It never throws.
 */
export async function dispatch(handlers: Handlers, method: unknown, input: unknown): Promise<Reply<unknown>> {
  try {
    if (!isMethodName(method)) throw new AppError('api.unknownMethod', `Unknown API method: ${String(method).slice(0, 100)}`)
    const parsed = methods[method].input.safeParse(input)
    if (!parsed.success) {
      throw new AppError('api.badInput', `Bad input for ${method}: ${z.prettifyError(parsed.error)}`, { method })
    }
    const handler = handlers[method] as (input: unknown) => Promise<unknown>
    return { ok: true, value: await handler(parsed.data) }
  } catch (error) {
    return { ok: false, error: AppError.from(error).toData() }
  }
}
