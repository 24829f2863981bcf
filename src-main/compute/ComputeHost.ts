import { AppError } from '../../src-shared/contract'
import type { ComputeProcess, FromComputeHost, SpawnComputeProcess } from './protocol'
import type { TaskInput, TaskName, TaskOutput, TaskTable, tasks } from '../compute-host/tasks'

/** The compute host's tasks as main sees them: each one's input and output, from the host's table alone. */
export type { TaskInput, TaskOutput }

export interface RunOptions {
  onProgress?: (fraction: number, message?: string) => void
  /** Aborting asks the task to stop at its next step boundary. */
  signal?: AbortSignal
}

interface Pending {
  task: string
  resolve: (output: unknown) => void
  reject: (error: AppError) => void
  onProgress?: RunOptions['onProgress']
}

/**
 * Main's handle on the compute host: starts it on first use, routes results and progress by job id,
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

  run<T extends TaskName<Table>>(task: T, input: TaskInput<T, Table>, options: RunOptions = {}): Promise<TaskOutput<T, Table>> {
    if (this.disposed) return Promise.reject(new AppError('compute.failed', 'The compute host has been shut down.'))
    const process = this.ensureProcess()
    const id = this.nextId++
    return new Promise<TaskOutput<T, Table>>((resolve, reject) => {
      if (options.signal?.aborted) return reject(cancelled(task))
      this.pending.set(id, { task, resolve: resolve as (o: unknown) => void, reject, onProgress: options.onProgress })
      options.signal?.addEventListener('abort', () => process.send({ type: 'cancel', id }), { once: true })
      process.send({ type: 'run', id, task, input })
    })
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
      case 'result':
        this.pending.delete(message.id)
        job.resolve(message.output)
        return
      case 'error':
        this.pending.delete(message.id)
        job.reject(AppError.fromData(message.error))
    }
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
