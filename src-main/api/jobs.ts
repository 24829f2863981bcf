import type { JobQueue } from '../jobs/JobQueue'
import type { Handlers } from './dispatch'

type JobHandlers = Pick<Handlers, 'jobs.list' | 'jobs.cancel'>

export function jobHandlers(jobs: JobQueue): JobHandlers {
  return {
    'jobs.list': async () => ({ jobs: jobs.list() }),
    'jobs.cancel': async ({ jobId, hard }) => {
      jobs.cancel(jobId, hard)
      return {}
    },
  }
}
