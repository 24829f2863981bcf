import type { ComputeHost } from '../compute/ComputeHost'
import type { OpenProjects } from '../documents/OpenProjects'
import { layerPlacement } from '../jobs/layerPlacement'
import type { Handlers } from './dispatch'

type HistoryHandlers = Pick<
  Handlers,
  'history.list' | 'history.search' | 'history.undo' | 'history.redo' | 'history.goTo' | 'history.version' | 'history.thumbnail' | 'history.compare'
>

export function historyHandlers(projects: OpenProjects, compute: ComputeHost): HistoryHandlers {
  const moved = (documentId: string, move: () => unknown) => {
    move()
    return projects.info(documentId)
  }
  return {
    'history.list': async ({ documentId }) => projects.store(documentId).history(),
    'history.search': async ({ documentId, text, operations }) => projects.store(documentId).search(text, operations),
    'history.undo': async ({ documentId }) => moved(documentId, () => projects.store(documentId).undo()),
    'history.redo': async ({ documentId }) => moved(documentId, () => projects.store(documentId).redo()),
    'history.goTo': async ({ documentId, versionId }) => moved(documentId, () => projects.store(documentId).goTo(versionId)),
    'history.version': async ({ documentId, versionId }) => projects.store(documentId).version(versionId),
    'history.thumbnail': async ({ documentId, versionId }) => {
      const store = projects.store(documentId)
      const stored = store.thumbnail(versionId)
      if (stored) return { bytes: stored }
      // Layer operations (new layer, properties, delete, move), Remove and older versions commit no picture: the
      // row shows the document as that version composites it, as every other row does, instead of an empty box.
      // The compute host reads the layers itself, each shrunk as it comes.
      const { width, height } = store.document(versionId)
      const layers = store
        .layers(versionId)
        .filter((layer) => layer.kind === 'raster' && layer.visible)
        .map((layer) => layerPlacement(layer))
      return compute.run('project.thumbnail', { file: store.file, versionId, width, height, layers })
    },
    'history.compare': async ({ documentId, a, b }) => projects.store(documentId).compare(a, b),
  }
}
