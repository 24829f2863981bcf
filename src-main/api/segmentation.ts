import type { DocumentJobs } from '../jobs/documentJob'
import { jobKinds } from '../jobs/jobKinds'
import type { Handlers } from './dispatch'

/** Select subject and click to segment: kinds of the registry that answer (jobs/kinds/segmentation.ts), awaited here. */
export function segmentationHandlers(documentJobs: DocumentJobs): Pick<Handlers, 'segmentation.subject' | 'segmentation.point'> {
  return {
    'segmentation.subject': async (input) => {
      const { jobId, done } = await documentJobs.submit(jobKinds.selectSubject, input.documentId, input)
      return { jobId, ...(await done) }
    },
    'segmentation.point': async (input) => {
      const { jobId, done } = await documentJobs.submit(jobKinds.segmentObject, input.documentId, input)
      return { jobId, ...(await done) }
    },
  }
}
