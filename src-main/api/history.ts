import type { ComputeHost } from '../compute/ComputeHost'
import type { OpenProjects } from '../documents/OpenProjects'
import type { Handlers } from './dispatch'
import { stackThumbnail } from './layerThumbnail'

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
      const { width, height } = store.document(versionId)
      const stack = store.layers(versionId).map((layer) => ({ ...layer, pixels: () => store.readShown(versionId, layer.id).rgba }))
      return { bytes: await stackThumbnail(compute, width, height, stack) }
    },
    'history.compare': async ({ documentId, a, b }) => projects.store(documentId).compare(a, b),
  }
}
