import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import sharp from 'sharp'
import { AppError, type BatchItem, type JobInfo, type Recipe } from '../../src-shared/contract'
import { MAX_FILE_BYTES } from '../../src-shared/limits'
import type { Api, CreateApi } from '../api/apiContext'
import { dispatch } from '../api/dispatch'
import type { ComputeHost } from '../compute/ComputeHost'
import type { Emit } from '../jobs/JobQueue'
import { replayStep, type Call } from './replayStep'
import { writeOutputs } from './writeOutputs'

/** The file RuntimeSettings keeps in the user-data folder. */
const RUNTIME_SETTINGS = 'runtime.json'

export interface ProcessedPhoto {
  outputs: BatchItem['outputs']
  project: string
  thumbnail: Buffer
}

/**
 * One side-by-side lane of a batch: its own compute host, job queue and projects (the app's API, as createApi wires
 * it), doing one photo at a time. Each photo becomes a project in `projectsDir` whose history is the recipe's steps.
 */
export class BatchWorker {
  private readonly api: Api
  private readonly waiting = new Map<string, (job: JobInfo) => void>()
  private running: { jobId?: string; controller: AbortController } | undefined

  /** `ownsCompute`: the host is this worker's alone, to shut down with it (not the app's own host, lent to a batch). */
  constructor(
    createApi: CreateApi,
    readonly compute: ComputeHost,
    private readonly ownsCompute: boolean,
    projectsDir: string,
    modelsDir: string,
    settingsDir?: string,
  ) {
    // The app's runtime settings (execution provider, threads) apply to batches too; its recent-projects list must not
    // fill with batch photos, so the worker keeps its own data folder and takes a copy of them.
    mkdirSync(projectsDir, { recursive: true })
    if (settingsDir && existsSync(join(settingsDir, RUNTIME_SETTINGS))) copyFileSync(join(settingsDir, RUNTIME_SETTINGS), join(projectsDir, RUNTIME_SETTINGS))
    const emit: Emit = (name, payload) => {
      if (name === 'jobs.changed') for (const job of (payload as { jobs: JobInfo[] }).jobs) this.jobChanged(job)
    }
    this.api = createApi({ mode: 'desktop', version: 'batch', compute, modelsDir, emit, folders: { projectsDir, userDataDir: projectsDir } })
  }

  /** Runs the recipe on one photo and writes its outputs; throws the photo's AppError, or compute.cancelled. */
  async process(input: string, recipe: Recipe, outDir: string): Promise<ProcessedPhoto> {
    const controller = new AbortController()
    this.running = { controller }
    try {
      const bytes = await readPhoto(input)
      const { document } = await this.call('documents.openImage', { name: basename(input), bytes })
      try {
        const context = { call: this.call, document: () => this.document(document.id), job: (jobId: string) => this.job(jobId) }
        for (const [i, step] of recipe.steps.entries()) {
          if (controller.signal.aborted) throw cancelled()
          await replayStep(step, document.id, context).catch((error: unknown) => {
            const failure = AppError.from(error)
            throw failure.code === 'compute.cancelled' ? failure : new AppError(failure.code, `Step ${i + 1} (${step.op}): ${failure.message}`, failure.details)
          })
        }
        if (controller.signal.aborted) throw cancelled()
        const { bytes: flattened } = await this.call('documents.export', { documentId: document.id, format: 'png' })
        const icc = recipe.outputs.some((o) => o.colour === 'keep') ? (await sharp(bytes).metadata()).icc : undefined
        const outputs = await writeOutputs(flattened, recipe.outputs, input, outDir, icc)
        const thumbnail = await sharp(flattened).resize(128, 128, { fit: 'inside' }).webp({ quality: 75 }).toBuffer()
        return { outputs, project: document.path, thumbnail }
      } finally {
        await this.call('documents.close', { documentId: document.id })
      }
    } finally {
      this.running = undefined
    }
  }

  /** Abandons the photo in progress: its job stops at the next step boundary and nothing more is written. */
  cancel(): void {
    if (!this.running) return
    this.running.controller.abort()
    if (this.running.jobId) void this.call('jobs.cancel', { jobId: this.running.jobId, hard: false }).catch(() => {})
  }

  dispose(): void {
    if (this.ownsCompute) this.compute.dispose()
    this.api.close()
  }

  private readonly call: Call = async (method, input) => {
    const reply = await dispatch(this.api.handlers, method, input)
    if (!reply.ok) throw AppError.fromData(reply.error)
    return reply.value as never
  }

  private async document(documentId: string) {
    const found = (await this.call('documents.listOpen', {})).find((d) => d.id === documentId)
    if (!found) throw new AppError('document.notFound', 'The batch photo’s document closed.')
    return found
  }

  /** Waits for a job to leave the queue, from the queue's own 'jobs.changed' announcements. */
  private job(jobId: string): Promise<void> {
    if (this.running) this.running.jobId = jobId
    if (this.running?.controller.signal.aborted) void this.call('jobs.cancel', { jobId, hard: false }).catch(() => {})
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(jobId, (job) => {
        if (job.state === 'done') resolve()
        else reject(job.error ? AppError.fromData(job.error) : cancelled())
      })
      // It may have ended before this wait was registered.
      void this.call('jobs.list', {}).then(({ jobs }) => jobs.filter((job) => job.id === jobId).forEach((job) => this.jobChanged(job)))
    })
  }

  private jobChanged(job: JobInfo): void {
    if (job.state === 'queued' || job.state === 'running') return
    const waiter = this.waiting.get(job.id)
    if (!waiter) return
    this.waiting.delete(job.id)
    waiter(job)
  }
}

/** The photo's bytes, read only: an input is never opened for writing. Too large a file is refused before reading. */
async function readPhoto(input: string): Promise<Buffer> {
  const { size } = await stat(input).catch(() => {
    throw new AppError('project.notFound', `${input} is not there any more.`, { path: input })
  })
  if (size > MAX_FILE_BYTES) throw new AppError('image.fileTooLarge', `${input} is ${size} bytes, more than the limit of ${MAX_FILE_BYTES}.`, { path: input, bytes: size, limit: MAX_FILE_BYTES })
  return readFile(input, { flag: 'r' })
}

const cancelled = () => new AppError('compute.cancelled', 'The batch was cancelled while this photo was in progress.')

export const workerProjectsDir = (stateDir: string) => join(stateDir, 'projects')
