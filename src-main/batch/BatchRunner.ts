import { AppError, type BatchInfo, type BatchItem } from '../../src-shared/contract'
import type { CreateApi } from '../api/apiContext'
import type { ComputeHost } from '../compute/ComputeHost'
import type { BatchStore } from './BatchStore'
import { BatchWorker, workerProjectsDir } from './BatchWorker'
import { completeOutputs } from './writeOutputs'

export interface RunnerOptions {
  /** Side-by-side compute hosts, each doing one photo at a time. */
  workers: number
  /** A compute host for each worker: a new one it owns, or (owned false) one lent to it. */
  startCompute(): { compute: ComputeHost; owned: boolean }
  /** The app's createApi, which each worker builds its own API with. */
  createApi: CreateApi
  modelsDir: string
  /** The user-data folder whose runtime settings (execution provider, threads) the workers' compute hosts take. */
  settingsDir?: string
  /** Where the batch keeps each photo's project (beside its database). */
  stateDir: string
  onItem?(item: BatchItem): void
  onChanged?(info: BatchInfo): void
}

/**
 * Runs what is left of a batch: its workers take the pending photos in order, one each at a time. A photo whose every
 * output already exists is skipped (an earlier run or another shard made it); one that fails is recorded with its
 * error and the rest go on. Pause lets the photos in progress finish; cancel abandons them, back to pending.
 */
export class BatchRunner {
  private readonly workers: BatchWorker[] = []
  private stopping: 'pausing' | 'cancelled' | undefined
  private finished: Promise<BatchInfo> | undefined

  constructor(
    private readonly store: BatchStore,
    private readonly options: RunnerOptions,
  ) {}

  /** Starts (or resumes) the batch; resolves when no photo is left or it was paused or cancelled. */
  run(retryFailed = false): Promise<BatchInfo> {
    if (this.finished) throw new AppError('batch.running', 'This batch is already running.')
    this.finished = this.runAll(retryFailed)
    return this.finished
  }

  pause(): void {
    if (this.stopping) return
    this.stopping = 'pausing'
    this.setState('pausing')
  }

  cancel(): void {
    this.stopping = 'cancelled'
    for (const worker of this.workers) worker.cancel()
    this.setState('cancelled')
  }

  /** The pids of the compute hosts running now, for measuring the batch's memory. */
  computePids(): number[] {
    return this.workers.map((worker) => worker.compute.pid).filter((pid): pid is number => pid !== undefined)
  }

  private async runAll(retryFailed: boolean): Promise<BatchInfo> {
    const queue = this.store.todo(retryFailed)
    this.setState('running')
    const { recipe, outDir } = this.store
    const lanes = Math.max(1, Math.min(this.options.workers, queue.length))
    for (let i = 0; i < lanes; i++) {
      const { compute, owned } = this.options.startCompute()
      this.workers.push(new BatchWorker(this.options.createApi, compute, owned, workerProjectsDir(this.options.stateDir), this.options.modelsDir, this.options.settingsDir))
    }
    const lane = async (worker: BatchWorker) => {
      for (let index = queue.shift(); index !== undefined && !this.stopping; index = queue.shift()) {
        const { input } = this.emitItem(this.store.start(index))
        const started = performance.now()
        const done = completeOutputs(recipe.outputs, input, outDir)
        if (done) {
          this.emitItem(this.store.finish(index, { status: 'skipped', outputs: done }, performance.now() - started))
          continue
        }
        try {
          const photo = await worker.process(input, recipe, outDir)
          this.emitItem(this.store.finish(index, { status: 'done', ...photo }, performance.now() - started))
        } catch (error) {
          const failure = AppError.from(error)
          if (this.stopping === 'cancelled' && failure.code === 'compute.cancelled') this.emitItem(this.store.abandon(index))
          else this.emitItem(this.store.finish(index, { status: 'failed', error: failure.toData() }, performance.now() - started))
        }
      }
    }
    try {
      await Promise.all(this.workers.map(lane))
    } finally {
      for (const worker of this.workers.splice(0)) worker.dispose()
    }
    const left = this.store.todo().length > 0
    this.setState(this.stopping === 'cancelled' ? 'cancelled' : left ? 'paused' : 'done')
    return this.store.info()
  }

  private emitItem(item: BatchItem): BatchItem {
    this.options.onItem?.(item)
    this.options.onChanged?.(this.store.info())
    return item
  }

  private setState(state: BatchInfo['state']): void {
    this.store.setState(state)
    this.options.onChanged?.(this.store.info())
  }
}
