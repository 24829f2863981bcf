/**
 * Generation through main as the app wires it: a Kodak photo in a real project store, oracle packs in a models
 * folder, the job queue over a real compute host, the handlers behind dispatch.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { dispatch, type Handlers } from '../../../src-main/api'
import { generationHandlers } from '../../../src-main/api/generation'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import { OpenProjects } from '../../../src-main/documents/OpenProjects'
import { GenerationJobs } from '../../../src-main/generation/GenerationJobs'
import type { StagedResult } from '../../../src-main/generation/generationPlan'
import { GenerationPresets } from '../../../src-main/generation/GenerationPresets'
import { StagedCandidates } from '../../../src-main/generation/StagedCandidates'
import { decodeImage } from '../../../src-main/imaging/decode'
import { DocumentJobs } from '../../../src-main/jobs/documentJob'
import { JobQueue } from '../../../src-main/jobs/JobQueue'
import { computePackRuntime } from '../../../src-main/models/computePackRuntime'
import { ModelManager } from '../../../src-main/models/ModelManager'
import { HubSettings } from '../../../src-main/models/hub/HubSettings'
import type { EventName } from '../../../src-shared/contract'
import { kodakPath } from '../../fixtures/evalSet'
import { scratchFolder } from '../../fixtures/oracle'

export interface GenerationHarness {
  scratch: Awaited<ReturnType<typeof scratchFolder>>
  projects: OpenProjects
  jobs: JobQueue
  documentId: string
  events: { name: EventName; payload: any }[]
  /** Calls a method through dispatch, as a transport does; rejects with its AppError data. */
  call(method: string, input: unknown): Promise<any>
  /** Waits for a job to end; resolves when it is done, or rejects with its error. */
  finished(jobId: string): Promise<void>
  dispose(): Promise<void>
}

/** `buildPacks` writes oracle packs into the models folder it is given, before the manager first lists it. */
export async function generationHarness(name: string, buildPacks: (modelsDir: string) => Promise<unknown>): Promise<GenerationHarness> {
  const compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  const scratch = await scratchFolder(name)
  const modelsDir = join(scratch.path, 'models')
  await buildPacks(modelsDir)
  const projects = new OpenProjects({ projectsDir: join(scratch.path, 'projects'), userDataDir: scratch.path })
  const events: GenerationHarness['events'] = []
  const emit = (name: EventName, payload: unknown) => void events.push({ name, payload })
  const jobs = new JobQueue(compute, emit)
  const models = new ModelManager(modelsDir, computePackRuntime(compute), new HubSettings(scratch.path))
  const staging = new StagedCandidates<StagedResult>(() => projects.list().map((document) => document.id))
  const documentJobs = new DocumentJobs(projects, jobs, { models, emit, staging })
  const handlers = generationHandlers(new GenerationJobs(projects, documentJobs, staging), new GenerationPresets(scratch.path)) as Handlers
  const photo = await decodeImage(await readFile(kodakPath(3)))
  const documentId = projects.createFromImage('kodim03.png', photo, Buffer.alloc(0)).id
  return {
    scratch,
    projects,
    jobs,
    documentId,
    events,
    async call(method, input) {
      const reply = await dispatch(handlers, method, input)
      if (!reply.ok) throw reply.error
      return reply.value
    },
    async finished(jobId) {
      for (;;) {
        const job = jobs.list().find((j) => j.id === jobId)!
        if (job.state === 'failed' || job.state === 'cancelled') throw job.error
        if (job.state === 'done') return
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    },
    async dispose() {
      compute.dispose()
      projects.closeAll()
      await scratch.remove()
    },
  }
}
