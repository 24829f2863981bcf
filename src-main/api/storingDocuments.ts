import type { OpenProjects } from '../documents/OpenProjects'
import type { Handlers } from './dispatch'

/**
 * Every call on a document waits while its photo is still being stored (documents.openImage answers before the tiles
 * land). Waiting, not refusing: an edit made the moment the photo shows applies once it is stored, in order, and no
 * handler can see a half-written project; a store that failed answers its error to the call instead.
 */
export function waitingForStoredPhotos(handlers: Handlers, projects: OpenProjects): Handlers {
  const waiting = {} as Record<string, (input: unknown) => Promise<unknown>>
  for (const [method, handler] of Object.entries(handlers) as [string, (input: unknown) => Promise<unknown>][]) {
    waiting[method] = async (input) => {
      const documentId = (input as { documentId?: unknown } | undefined)?.documentId
      if (typeof documentId === 'string') await projects.whenStored(documentId)
      return handler(input)
    }
  }
  return waiting as Handlers
}
