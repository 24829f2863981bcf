import type { DocumentJobs } from '../jobs/documentJob'
import { jobKinds } from '../jobs/jobKinds'
import type { OpenProjects } from '../documents/OpenProjects'
import type { Handlers } from './dispatch'

type LayerCompositingHandlers = Pick<Handlers, 'layers.mergeDown' | 'layers.flatten' | 'documents.exportPsd'>

/**
 * Operations that composite pixels: merge down, flatten and the layered export, each a job in the one queue (so
 * they show in the status bar with progress and cancel). The compute host reads the layers' tiles and composites
 * them with their blend modes and opacity; mask layers are never composited into a raster.
 */
export function layerCompositingHandlers(projects: OpenProjects, documentJobs: DocumentJobs): LayerCompositingHandlers {
  return {
    'layers.mergeDown': async ({ documentId, layerId }) => {
      await documentJobs.run(jobKinds.mergeDown, documentId, { layerId })
      return projects.info(documentId)
    },
    'layers.flatten': async ({ documentId, name }) => {
      await documentJobs.run(jobKinds.flatten, documentId, { name })
      return projects.info(documentId)
    },
    'documents.exportPsd': async ({ documentId }) => documentJobs.run(jobKinds.exportPsd, documentId, {}),
  }
}
