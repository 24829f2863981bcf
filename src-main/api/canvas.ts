import type { OpenProjects } from '../documents/OpenProjects'
import type { DocumentJobs } from '../jobs/documentJob'
import { jobKinds } from '../jobs/jobKinds'
import type { Handlers } from './dispatch'

type CanvasHandlers = Pick<Handlers, 'documents.resizeCanvas'>

/** Crop and canvas size: a job whose trims the compute host cuts from the version's tiles (jobs/kinds/canvas.ts). */
export function canvasHandlers(projects: OpenProjects, documentJobs: DocumentJobs): CanvasHandlers {
  return {
    'documents.resizeCanvas': async ({ documentId, rect }) => {
      const { width, height } = projects.store(documentId).document()
      if (rect.x === 0 && rect.y === 0 && rect.width === width && rect.height === height) return projects.info(documentId)
      await documentJobs.run(jobKinds.resizeCanvas, documentId, { rect })
      return projects.info(documentId)
    },
  }
}
