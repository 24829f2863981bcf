import type { HubSettings } from '../models/hub/HubSettings'
import type { ModelManager } from '../models/ModelManager'
import type { RuntimeSettings } from '../models/RuntimeSettings'
import type { Handlers } from './dispatch'

type ModelHandlers = Pick<Handlers, Extract<keyof Handlers, `models.${string}`>>

export function modelHandlers(models: ModelManager, hub: HubSettings, runtime: RuntimeSettings): ModelHandlers {
  return {
    'models.runtime': () => runtime.info(),
    'models.setRuntime': (change) => runtime.set(change),
    'models.list': async () => ({ packs: await models.list(), pending: await models.pending() }),
    'models.catalog': async () => ({ entries: await models.catalog() }),
    'models.installFromCatalog': ({ id }) => models.installFromCatalog(id),
    'models.installFromHub': ({ repo, revision }) => models.installFromHub(repo, revision),
    'models.installFromFolder': ({ folder }) => models.installFromFolder(folder),
    'models.installFromUrl': ({ url }) => models.installFromUrl(url),
    'models.addComponent': ({ packId, repo, revision }) => models.addComponent(packId, repo, revision),
    'models.findCached': async () => ({ snapshots: await models.findCached() }),
    'models.hubSettings': () => hub.info(),
    'models.setHubSettings': (change) => hub.set(change),
    'models.cancelInstall': async ({ source }) => {
      models.cancelInstall(source)
      return {}
    },
    'models.remove': async ({ id }) => {
      await models.remove(id)
      return {}
    },
  }
}
