import { randomUUID } from 'node:crypto'
import { AppError, type EventName, type EventPayload, type JobInfo } from '../../src-shared/contract'
import type { ComputeHost, TaskRunner } from '../compute/ComputeHost'

export type Emit = <E extends EventName>(name: E, payload: EventPayload<E>) => void

export interface JobProgress {
  fraction: number
  step?: number
  steps?: number
  message?: string
  /** An encoded preview image, passed on to the UI as is. */
  preview?: Uint8Array
}

export interface JobContext {
  /** The job's id, as jobs.changed lists it: what a result staged before the job ends is filed under. */
  jobId: string
  compute: TaskRunner
  /** Aborted by a cancel: pass it to ComputeHost.run, which stops the task at its next step boundary. */
  signal: AbortSignal
  progress(update: JobProgress): void
}

export interface JobSpec<T> {
  kind: string
  label: string
  run(context: JobContext): Promise<T>
  /**
   * Applies the result (e.g. commits a version). Called only when `run` succeeded and no cancel came first,
   * so a failed or cancelled job leaves the document as it was: the queue itself never touches documents.
   */
  commit?(result: T): Promise<void> | void
}

interface Job {
  info: JobInfo
  spec: JobSpec<unknown>
  controller: AbortController
  resolve(value: unknown): void
  reject(error: AppError): void
}

/** Finished jobs kept for the list, newest last. */
const KEEP_FINISHED = 50

/**
 * Main's one queue of compute jobs: they run one at a time on the compute host and the rest wait, so a
 * long generation never interleaves with another. Every change is announced as 'jobs.changed', every
 * step as 'jobs.progress'.
 */
export class JobQueue {
  private readonly jobs: Job[] = []
  private running: Job | undefined

  constructor(
    private readonly compute: ComputeHost,
    private readonly emit: Emit = () => {},
  ) {}

  submit<T>(spec: JobSpec<T>): { id: string; done: Promise<T> } {
    const id = randomUUID()
    let job!: Job
    const done = new Promise<T>((resolve, reject) => {
      const info: JobInfo = { id, kind: spec.kind, label: spec.label, state: 'queued', fraction: 0, queuedAt: Date.now() }
      job = { info, spec: spec as JobSpec<unknown>, controller: new AbortController(), resolve: resolve as (v: unknown) => void, reject }
    })
    // A caller that only watches events may never await `done`; its rejection must not crash main.
    done.catch(() => {})
    this.jobs.push(job)
    this.changed()
    void this.next()
    return { id, done }
  }

  list(): JobInfo[] {
    return this.jobs.map((job) => ({ ...job.info }))
  }

  /**
   * Soft: a queued job never starts, a running one stops at its next step boundary. Hard: the compute host is
   * killed at once (and restarted by the next job); use it when a step itself takes too long.
   */
  cancel(jobId: string, hard = false): void {
    const job = this.jobs.find((j) => j.info.id === jobId)
    if (!job) throw new AppError('job.notFound', `No job ${jobId}.`, { jobId })
    if (job.info.state === 'queued') {
      job.controller.abort()
      this.finish(job, 'cancelled', cancelled(job))
      void this.next()
    } else if (job.info.state === 'running') {
      job.controller.abort()
      if (hard) this.compute.hardCancel()
    }
  }

  private async next(): Promise<void> {
    if (this.running) return
    const job = this.jobs.find((j) => j.info.state === 'queued')
    if (!job) return
    this.running = job
    Object.assign(job.info, { state: 'running', startedAt: Date.now() })
    this.changed()
    const { signal } = job.controller
    try {
      const result = await job.spec.run({ jobId: job.info.id, compute: this.compute, signal, progress: (update) => this.progress(job, update) })
      if (signal.aborted) throw cancelled(job)
      await job.spec.commit?.(result)
      this.finish(job, 'done')
      job.resolve(result)
    } catch (error) {
      const failure = signal.aborted ? cancelled(job) : AppError.from(error)
      this.finish(job, signal.aborted ? 'cancelled' : 'failed', failure)
    } finally {
      this.running = undefined
      void this.next()
    }
  }

  private progress(job: Job, { preview, ...update }: JobProgress): void {
    if (job.info.state !== 'running') return
    Object.assign(job.info, update)
    this.emit('jobs.progress', { jobId: job.info.id, ...update, ...(preview ? { preview } : {}) })
  }

  private finish(job: Job, state: 'done' | 'failed' | 'cancelled', error?: AppError): void {
    Object.assign(job.info, { state, finishedAt: Date.now() }, state === 'done' ? { fraction: 1 } : {}, error ? { error: error.toData() } : {})
    if (error) job.reject(error)
    const finished = this.jobs.filter((j) => j.info.finishedAt !== undefined)
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.splice(this.jobs.indexOf(old), 1)
    this.changed()
  }

  private changed(): void {
    this.emit('jobs.changed', { jobs: this.list() })
  }
}

function cancelled(job: Job): AppError {
  return new AppError('compute.cancelled', `${job.info.kind} "${job.info.label}" was cancelled.`, { jobId: job.info.id })
}
