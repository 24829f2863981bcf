import type { ModelManager } from '../models/ModelManager'
import type { RuntimeSettings } from '../models/RuntimeSettings'
import type { Handlers } from './dispatch'

type ModelHandlers = Pick<
  Handlers,
  'models.list' | 'models.installFromFolder' | 'models.installFromUrl' | 'models.cancelInstall' | 'models.remove' | 'models.runtime' | 'models.setRuntime'
>

export function modelHandlers(models: ModelManager, runtime: RuntimeSettings): ModelHandlers {
  return {
    'models.runtime': () => runtime.info(),
    'models.setRuntime': (change) => runtime.set(change),
    'models.list': async () => ({ packs: await models.list() }),
    'models.installFromFolder': ({ folder }) => models.installFromFolder(folder),
    'models.installFromUrl': ({ url }) => models.installFromUrl(url),
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
