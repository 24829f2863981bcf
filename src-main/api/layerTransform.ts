import { AppError } from '../../src-shared/contract'
import type { DocumentJobs } from '../jobs/documentJob'
import { jobKinds } from '../jobs/jobKinds'
import type { OpenProjects } from '../documents/OpenProjects'
import type { Handlers } from './dispatch'
import { findLayer, requireUnlocked } from './layerRules'

type LayerTransformHandlers = Pick<Handlers, 'layers.transform'>

/** The free transform's commit: a whole-pixel move here, any other matrix a transform job (jobs/kinds/layers.ts). */
export function layerTransformHandlers(projects: OpenProjects, documentJobs: DocumentJobs): LayerTransformHandlers {
  return {
    'layers.transform': async ({ documentId, layerId, matrix }) => {
      const store = projects.store(documentId)
      const layer = requireUnlocked(findLayer(store, layerId))
      if (!layer.visible) throw new AppError('layer.hidden', `The layer “${layer.name}” is hidden.`, { layer: layer.name })
      const [a, b, c, d, e, f] = matrix
      const params = { layerId, matrix }
      if (a === 1 && b === 0 && c === 0 && d === 1 && Number.isInteger(e) && Number.isInteger(f)) {
        // A whole-pixel move resamples nothing: the pixels stay as they are, the offset changes.
        if (e !== 0 || f !== 0) {
          store.commitEdit({ operation: 'layer.transform', params, layers: [{ layerId, properties: { offsetX: layer.offsetX + e, offsetY: layer.offsetY + f } }] })
        }
        return projects.info(documentId)
      }
      await documentJobs.run(jobKinds.transformLayer, documentId, { layerId, matrix })
      return projects.info(documentId)
    },
  }
}
