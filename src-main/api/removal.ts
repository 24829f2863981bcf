import type { DocumentJobs } from '../jobs/documentJob'
import { jobKinds } from '../jobs/jobKinds'
import type { Handlers } from './dispatch'

/** Object removal: the registry's 'remove' kind (jobs/kinds/removal.ts); the call answers once it is queued. */
export function removalHandlers(documentJobs: DocumentJobs): Pick<Handlers, 'removal.remove'> {
  return {
    'removal.remove': async (input) => ({ jobId: (await documentJobs.submit(jobKinds.removeObject, input.documentId, input)).jobId }),
  }
}
