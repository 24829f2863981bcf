import type { LayerInfo } from '../../src-shared/contract'
import type { OpenProjects } from '../documents/OpenProjects'
import type { LayerEdit } from '../documents/project'
import type { DocumentJobs } from '../jobs/documentJob'
import { jobKinds } from '../jobs/jobKinds'
import { maskable, requireMask } from '../jobs/kinds/layerMasks'
import type { Handlers } from './dispatch'
import { findLayer, requireUnlocked } from './layerRules'

type LayerMaskHandlers = Pick<Handlers, 'layers.mask' | 'layers.removeBackground'>

/**
 * Layer masks (add, show or hide, apply, delete) and Remove background, which makes one from the subject. Whatever
 * makes mask or layer pixels (Apply, a mask from a selection, Remove background) is a job: the compute host makes
 * them from the project file (jobs/kinds/layerMasks.ts); showing, hiding, deleting and a plain mask change no pixel.
 */
export function layerMaskHandlers(projects: OpenProjects, documentJobs: DocumentJobs): LayerMaskHandlers {
  return {
    'layers.mask': async ({ documentId, layerId, action, alpha }) => {
      if (action === 'apply') await documentJobs.run(jobKinds.applyMask, documentId, { layerId })
      else if (action === 'add' && alpha) await documentJobs.run(jobKinds.maskFromSelection, documentId, { layerId, selection: alpha })
      else {
        const store = projects.store(documentId)
        const edit = maskEdit(requireUnlocked(maskable(findLayer(store, layerId))), action)
        if (edit) store.commitEdit({ operation: `layerMask.${action}`, params: { layerId }, layers: [edit] })
      }
      return projects.info(documentId)
    },

    'layers.removeBackground': async ({ documentId, ...input }) => {
      await documentJobs.run(jobKinds.removeBackground, documentId, input)
      return projects.info(documentId)
    },
  }
}

/** What adding a white mask, showing, hiding or deleting one changes; undefined when nothing (a mask already shown is shown). */
function maskEdit(layer: LayerInfo, action: 'add' | 'enable' | 'disable' | 'delete'): LayerEdit | undefined {
  const layerId = layer.id
  if (action === 'add') return { layerId, mask: { enabled: true } }
  const mask = requireMask(layer)
  if (action === 'delete') return { layerId, mask: null }
  const enabled = action === 'enable'
  return mask.enabled === enabled ? undefined : { layerId, mask: { enabled } }
}
