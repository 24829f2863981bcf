import type { ComputeHost } from '../compute/ComputeHost'
import { OpenDocuments } from '../documents/openDocuments'
import type { Handlers } from './dispatch'
import { documentHandlers } from './documents'

export { dispatch, type Handlers } from './dispatch'

export interface ApiContext {
  mode: 'desktop' | 'web'
  version: string
  compute: ComputeHost
}

/** Every handler of the contract, the same whichever transport calls them. */
export function createHandlers(context: ApiContext): Handlers {
  const documents = new OpenDocuments()
  return {
    'app.info': async () => ({ version: context.version, mode: context.mode, platform: process.platform }),
    'diagnostics.echo': async ({ bytes }) => ({ bytes }),
    ...documentHandlers(documents),
  }
}
