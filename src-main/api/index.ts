import { join } from 'node:path'
import { OpenProjects } from '../documents/OpenProjects'
import { GenerationJobs } from '../generation/GenerationJobs'
import type { StagedResult } from '../generation/generationPlan'
import { StagedCandidates } from '../generation/StagedCandidates'
import { GenerationPresets } from '../generation/GenerationPresets'
import { DocumentJobs } from '../jobs/documentJob'
import { JobQueue, type Emit } from '../jobs/JobQueue'
import { computePackRuntime } from '../models/computePackRuntime'
import { HubSettings } from '../models/hub/HubSettings'
import { ModelManager } from '../models/ModelManager'
import { RuntimeSettings } from '../models/RuntimeSettings'
import type { Api, ApiContext } from './apiContext'
import type { Handlers } from './dispatch'
import { batchHandlers } from './batch'
import { canvasHandlers } from './canvas'
import { documentHandlers } from './documents'
import { generationHandlers } from './generation'
import { historyHandlers } from './history'
import { jobHandlers } from './jobs'
import { layerCompositingHandlers } from './layerCompositing'
import { layerHandlers } from './layers'
import { layerMaskHandlers } from './layerMasks'
import { layerStackHandlers } from './layerStack'
import { layerTransformHandlers } from './layerTransform'
import { modelHandlers } from './models'
import { removalHandlers } from './removal'
import { segmentationHandlers } from './segmentation'
import { warpHandlers } from './warp'
import { waitingForStoredPhotos } from './storingDocuments'
import { WarpJobs } from '../warp/WarpJobs'

export { dispatch, type Handlers } from './dispatch'

export type { Api, ApiContext } from './apiContext'

/** Every handler of the contract, the same whichever transport calls them. */
export function createApi(context: ApiContext): Api {
  const projects = new OpenProjects(context.folders)
  const emit: Emit = context.emit ?? (() => {})
  const jobs = new JobQueue(context.compute, emit)
  const modelsDir = context.modelsDir ?? join(context.folders.userDataDir, 'models')
  const hub = new HubSettings(context.folders.userDataDir)
  const models = new ModelManager(modelsDir, computePackRuntime(context.compute), hub, (progress) => emit('models.installProgress', progress))
  const staging = new StagedCandidates<StagedResult>(() => projects.list().map((document) => document.id))
  const documentJobs = new DocumentJobs(projects, jobs, { models, emit, staging })
  const handlers: Handlers = {
    'app.info': async () => ({ version: context.version, mode: context.mode, platform: process.platform }),
    'diagnostics.echo': async ({ bytes }) => ({ bytes }),
    ...documentHandlers(projects, documentJobs, context.compute, context.dialogs),
    ...layerHandlers(projects),
    ...canvasHandlers(projects, documentJobs),
    ...layerMaskHandlers(projects, documentJobs),
    ...layerStackHandlers(projects),
    ...layerCompositingHandlers(projects, documentJobs),
    ...layerTransformHandlers(projects, documentJobs),
    ...historyHandlers(projects, context.compute),
    ...jobHandlers(jobs),
    ...modelHandlers(models, hub, new RuntimeSettings(context.folders.userDataDir, context.compute, models)),
    ...warpHandlers(new WarpJobs(projects, documentJobs)),
    ...generationHandlers(new GenerationJobs(projects, documentJobs, staging), new GenerationPresets(context.folders.userDataDir)),
    ...removalHandlers(documentJobs),
    ...batchHandlers(projects, context, modelsDir, emit, createApi),
    ...segmentationHandlers(documentJobs),
  }
  return { handlers: waitingForStoredPhotos(handlers, projects), close: () => projects.closeAll() }
}
