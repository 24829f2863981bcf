import type { ComputeHost } from '../compute/ComputeHost'
import { OpenProjects, type ProjectFolders } from '../documents/OpenProjects'
import type { Handlers } from './dispatch'
import { documentHandlers } from './documents'
import { historyHandlers } from './history'
import { layerHandlers } from './layers'

export { dispatch, type Handlers } from './dispatch'

export interface ApiContext {
  mode: 'desktop' | 'web'
  version: string
  compute: ComputeHost
  folders: ProjectFolders
}

export interface Api {
  handlers: Handlers
  /** Closes every open project: call when the app quits. */
  close(): void
}

/** Every handler of the contract, the same whichever transport calls them. */
export function createApi(context: ApiContext): Api {
  const projects = new OpenProjects(context.folders)
  const handlers: Handlers = {
    'app.info': async () => ({ version: context.version, mode: context.mode, platform: process.platform }),
    'diagnostics.echo': async ({ bytes }) => ({ bytes }),
    ...documentHandlers(projects, context.compute),
    ...layerHandlers(projects),
    ...historyHandlers(projects),
  }
  return { handlers, close: () => projects.closeAll() }
}
