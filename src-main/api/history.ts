import type { OpenProjects } from '../documents/OpenProjects'
import type { Handlers } from './dispatch'

type HistoryHandlers = Pick<
  Handlers,
  'history.list' | 'history.search' | 'history.undo' | 'history.redo' | 'history.goTo' | 'history.version' | 'history.thumbnail' | 'history.compare'
>

export function historyHandlers(projects: OpenProjects): HistoryHandlers {
  const moved = (documentId: string, move: () => unknown) => {
    move()
    return projects.info(documentId)
  }
  return {
    'history.list': async ({ documentId }) => projects.store(documentId).history(),
    'history.search': async ({ documentId, text }) => projects.store(documentId).search(text),
    'history.undo': async ({ documentId }) => moved(documentId, () => projects.store(documentId).undo()),
    'history.redo': async ({ documentId }) => moved(documentId, () => projects.store(documentId).redo()),
    'history.goTo': async ({ documentId, versionId }) => moved(documentId, () => projects.store(documentId).goTo(versionId)),
    'history.version': async ({ documentId, versionId }) => projects.store(documentId).version(versionId),
    'history.thumbnail': async ({ documentId, versionId }) => ({ bytes: projects.store(documentId).thumbnail(versionId) }),
    'history.compare': async ({ documentId, a, b }) => projects.store(documentId).compare(a, b),
  }
}
