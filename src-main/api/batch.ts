import { availableParallelism } from 'node:os'
import { ComputeHost } from '../compute/ComputeHost'
import type { OpenProjects } from '../documents/OpenProjects'
import type { Emit } from '../jobs/JobQueue'
import { BatchService, parseRecipe } from '../batch/BatchService'
import type { Handlers } from './dispatch'
import type { ApiContext, CreateApi } from './apiContext'

type BatchHandlers = Pick<
  Handlers,
  'batch.recipeFromHistory' | 'batch.checkRecipe' | 'batch.start' | 'batch.list' | 'batch.items' | 'batch.thumbnail' | 'batch.pause' | 'batch.cancel' | 'batch.resume'
>

/**
 * The batch panel's calls. Each worker of a batch gets a compute host of its own when the app can start them
 * (`spawnCompute`); otherwise the batch runs one worker on the app's own host.
 */
export function batchHandlers(projects: OpenProjects, context: ApiContext, modelsDir: string, emit: Emit, createApi: CreateApi): BatchHandlers {
  const spawn = context.spawnCompute
  const service = new BatchService(projects, {
    userDataDir: context.folders.userDataDir,
    modelsDir,
    emit,
    createApi,
    defaultWorkers: spawn ? Math.max(1, availableParallelism() - 1) : 1,
    startCompute: () => (spawn ? { compute: new ComputeHost(spawn), owned: true } : { compute: context.compute, owned: false }),
  })
  return {
    'batch.recipeFromHistory': (input) => service.recipeFromHistory(input),
    'batch.checkRecipe': async ({ json }) => ({ recipe: parseRecipe(json) }),
    'batch.start': async (input) => service.start(spawn ? input : { ...input, workers: 1 }),
    'batch.list': async () => service.list(),
    'batch.items': async ({ batchId }) => service.items(batchId),
    'batch.thumbnail': async ({ batchId, index }) => service.thumbnail(batchId, index),
    'batch.pause': async ({ batchId }) => service.pause(batchId),
    'batch.cancel': async ({ batchId }) => service.cancel(batchId),
    'batch.resume': async ({ batchId, retryFailed, workers }) => service.resume(batchId, retryFailed, spawn ? workers : 1),
  }
}
