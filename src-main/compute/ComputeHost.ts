import { AppError } from '../../src-shared/contract'
import type { ComputeProcess, FromComputeHost, SpawnComputeProcess } from './protocol'
import type { TaskInput, TaskName, TaskOutput, TaskPart, TaskTable, tasks } from '../compute-host/tasks'

/** The compute host's tasks as main sees them: each one's input, parts and output, from the host's table alone. */
export type { TaskInput, TaskOutput, TaskPart }

interface StepOptions {
  onProgress?: (fraction: number, message?: string) => void
  /** Aborting asks the task to stop at its next step boundary. */
  signal?: AbortSignal
}

export interface RunOptions<Part = never> extends StepOptions {
  /** Takes the parts the task sends ahead of its output, and may take its time; without it they are dropped. */
  onPart?: (part: Part) => void | Promise<void>
}

/** What a job's work needs of the compute host: its tasks, run. */
export type TaskRunner = Pick<ComputeHost, 'run'>

interface Pending {
  task: string
  resolve: (output: unknown) => void
  reject: (error: AppError) => void
  onProgress?: StepOptions['onProgress']
  onPart?: (part: unknown) => void | Promise<void>
  /** The parts handled so far, one after another: the result waits for them. */
  parts: Promise<void>
  /** The result's large byte arrays, put together from their pieces as they arrive. */
  fields: Record<string, Uint8Array>
}

/**
 * Main's handle on the compute host: starts it on first use, routes results, parts and progress by job id,
 * and when the process dies fails the jobs in flight with a clear error; the next job starts a fresh one
 * (not at once: a host that dies on start would otherwise be restarted in a loop).
 */
export class ComputeHost<Table extends TaskTable = typeof tasks> {
  private process: ComputeProcess | undefined
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private disposed = false
  /** Sent to every new process before its first job: settings a restarted host must not forget. */
  private startup: { task: string; input: unknown } | undefined
  private readyPid: number | undefined

  constructor(private readonly spawn: SpawnComputeProcess) {}

  /**
   * Runs `task` and answers its output; the parts it sends first go to `onPart` in order, each handled (awaited) before
   * the next, and the output only once the last has been. A handler that fails fails the run and stops the task.
   */
  run<T extends TaskName<Table>>(task: T, input: TaskInput<T, Table>, options: RunOptions<TaskPart<T, Table>> = {}): Promise<TaskOutput<T, Table>> {
    if (this.disposed) return Promise.reject(new AppError('compute.failed', 'The compute host has been shut down.'))
    const process = this.ensureProcess()
    const id = this.nextId++
    const { signal, onProgress } = options
    const onPart = options.onPart as Pending['onPart']
    const cancel = () => process.send({ type: 'cancel', id })
    const running = new Promise<TaskOutput<T, Table>>((resolve, reject) => {
      if (signal?.aborted) return reject(cancelled(task))
      this.pending.set(id, { task, resolve: resolve as (o: unknown) => void, reject, onProgress, onPart, parts: Promise.resolve(), fields: {} })
      signal?.addEventListener('abort', cancel, { once: true })
      process.send({ type: 'run', id, task, input })
    })
    // A signal shared by many runs (a job's) would otherwise gather a listener per run.
    const settled = () => signal?.removeEventListener('abort', cancel)
    running.then(settled, settled)
    return running
  }

  /** The running compute process's pid, once it has said it is ready. */
  get pid(): number | undefined {
    return this.process ? this.readyPid : undefined
  }

  /**
   * Runs `task` now if a process is up, and on every process started later before its first job (the host keeps
   * its queue in order). Its result is not awaited; a later call replaces it.
   */
  configureEachStart<T extends TaskName<Table>>(task: T, input: TaskInput<T, Table>): void {
    this.startup = { task, input }
    this.process?.send({ type: 'run', id: this.nextId++, task, input })
  }

  /** Stops whatever is running at once by killing the process; its jobs fail as cancelled. */
  hardCancel(): void {
    const process = this.process
    if (!process) return
    this.failAll((task) => cancelled(task))
    this.process = undefined
    process.kill()
  }

  dispose(): void {
    this.disposed = true
    this.hardCancel()
  }

  private ensureProcess(): ComputeProcess {
    if (this.process) return this.process
    const process = this.spawn()
    this.process = process
    this.readyPid = undefined
    process.onMessage((message) => {
      if (message.type === 'ready') {
        if (this.process === process) this.readyPid = message.pid
      } else this.receive(message)
    })
    if (this.startup) process.send({ type: 'run', id: this.nextId++, ...this.startup })
    process.onExit((code) => {
      if (this.process !== process) return
      this.process = undefined
      this.failAll(
        (task) =>
          new AppError('compute.crashed', `The compute process stopped (exit code ${code ?? 'none'}) while running ${task}; it will be restarted.`, {
            task,
          }),
      )
    })
    return process
  }

  private receive(message: Exclude<FromComputeHost, { type: 'ready' }>): void {
    const job = this.pending.get(message.id)
    if (!job) return
    switch (message.type) {
      case 'progress':
        job.onProgress?.(message.fraction, message.message)
        return
      case 'part':
        job.parts = job.parts.then(() => job.onPart?.(message.part))
        job.parts.catch((error: unknown) => this.abandon(message.id, error))
        return
      case 'bytes': {
        // Allocated once, unfilled (every byte is about to be written): no copy of the whole at the end.
        const field = (job.fields[message.field] ??= Buffer.allocUnsafe(message.total))
        field.set(message.bytes, message.offset)
        return
      }
      case 'result': {
        this.pending.delete(message.id)
        const output = Object.keys(job.fields).length > 0 ? { ...(message.output as object), ...job.fields } : message.output
        job.parts.then(
          () => job.resolve(output),
          (error: unknown) => job.reject(AppError.from(error)),
        )
        return
      }
      case 'error':
        this.pending.delete(message.id)
        job.reject(AppError.fromData(message.error))
    }
  }

  /** A part's handler failed: the job fails with its error, and the task, still sending, is asked to stop. */
  private abandon(id: number, error: unknown): void {
    const job = this.pending.get(id)
    if (!job) return
    this.pending.delete(id)
    this.process?.send({ type: 'cancel', id })
    job.reject(AppError.from(error))
  }

  private failAll(errorFor: (task: string) => AppError): void {
    const jobs = [...this.pending.values()]
    this.pending.clear()
    for (const job of jobs) job.reject(errorFor(job.task))
  }
}

function cancelled(task: string): AppError {
  return new AppError('compute.cancelled', `${task} was cancelled.`, { task })
}
