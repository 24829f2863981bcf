import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { AppError, Recipe, type BatchInfo, type RecipeOutput } from '../../src-shared/contract'
import type { CreateApi } from '../api/apiContext'
import type { ComputeHost } from '../compute/ComputeHost'
import type { OpenProjects } from '../documents/OpenProjects'
import type { Emit } from '../jobs/JobQueue'
import { BatchRunner } from './BatchRunner'
import { BatchStore } from './BatchStore'
import { openBatch, stateDirOf } from './openBatch'
import { recordRecipe } from './recordRecipe'

export interface BatchServiceOptions {
  userDataDir: string
  modelsDir: string
  startCompute(): { compute: ComputeHost; owned: boolean }
  createApi: CreateApi
  /** How many compute hosts a batch runs when the caller names none. */
  defaultWorkers: number
  emit: Emit
}

interface Open {
  store: BatchStore
  runner?: BatchRunner
}

/**
 * The app's batches: recipes from a document's history, batches started from the panel, and every batch started
 * here listed again after a restart (the list of their databases is kept in the user-data folder) to resume.
 */
export class BatchService {
  private readonly open = new Map<string, Open>()
  private readonly registry: string

  constructor(
    private readonly projects: OpenProjects,
    private readonly options: BatchServiceOptions,
  ) {
    this.registry = join(options.userDataDir, 'batches.json')
  }

  async recipeFromHistory(input: { documentId: string; fromVersionId?: number; toVersionId?: number; name: string; outputs: RecipeOutput[] }) {
    return { recipe: await recordRecipe(this.projects.store(input.documentId), input.name, input.outputs, input.fromVersionId, input.toVersionId) }
  }

  start(input: { recipe: Recipe; inputs: string[]; outDir: string; workers?: number }): BatchInfo {
    const workers = input.workers ?? this.options.defaultWorkers
    const { store } = openBatch({ recipe: input.recipe, inputs: input.inputs, outDir: input.outDir, workers })
    const id = store.info().id
    const known = this.open.get(id)
    if (known?.runner) {
      store.close()
      throw new AppError('batch.running', 'That batch is already running.', { batchId: id })
    }
    known?.store.close()
    this.open.set(id, { store })
    this.remember(store.path)
    return this.run(id, false)
  }

  list(): { batches: BatchInfo[] } {
    for (const path of this.remembered()) if (existsSync(path) && ![...this.open.values()].some((o) => o.store.path === path)) this.load(path)
    const batches = [...this.open.values()].map(({ store }) => store.info())
    return { batches: batches.sort((a, b) => b.createdAt - a.createdAt) }
  }

  items(batchId: string) {
    return { items: this.get(batchId).store.items() }
  }

  thumbnail(batchId: string, index: number) {
    return { bytes: this.get(batchId).store.thumbnail(index) }
  }

  pause(batchId: string): BatchInfo {
    const { store, runner } = this.get(batchId)
    runner?.pause()
    return store.info()
  }

  cancel(batchId: string): BatchInfo {
    const { store, runner } = this.get(batchId)
    if (runner) runner.cancel()
    else store.setState('cancelled')
    return store.info()
  }

  resume(batchId: string, retryFailed: boolean, workers?: number): BatchInfo {
    const open = this.get(batchId)
    if (open.runner) throw new AppError('batch.running', 'That batch is already running.', { batchId })
    if (workers) open.store.setWorkers(workers)
    return this.run(batchId, retryFailed)
  }

  private run(batchId: string, retryFailed: boolean): BatchInfo {
    const open = this.get(batchId)
    const emit = this.options.emit
    const runner = new BatchRunner(open.store, {
      workers: open.store.info().workers,
      startCompute: this.options.startCompute,
      createApi: this.options.createApi,
      modelsDir: this.options.modelsDir,
      settingsDir: this.options.userDataDir,
      stateDir: stateDirOf(open.store.path),
      onItem: (item) => emit('batch.item', { batchId, item }),
      onChanged: (info) => emit('batch.changed', info),
    })
    open.runner = runner
    void runner
      .run(retryFailed)
      .catch(() => open.store.setState('paused'))
      .finally(() => (open.runner = undefined))
    return open.store.info()
  }

  private get(batchId: string): Open {
    this.list()
    const open = this.open.get(batchId)
    if (!open) throw new AppError('batch.notFound', `There is no batch ${batchId}.`, { batchId })
    return open
  }

  /** A batch from disk: nothing of it runs now, so one that was running when the app stopped is paused. */
  private load(path: string): void {
    try {
      const store = BatchStore.open(path)
      if (store.state === 'running' || store.state === 'pausing') store.setState('paused')
      this.open.set(store.info().id, { store })
    } catch {
      // A batch database that cannot be read any more (deleted folder, damaged file) is simply not listed.
    }
  }

  private remembered(): string[] {
    if (!existsSync(this.registry)) return []
    const parsed = z.array(z.string()).safeParse(JSON.parse(readFileSync(this.registry, 'utf8')))
    return parsed.success ? parsed.data : []
  }

  private remember(path: string): void {
    const paths = [path, ...this.remembered().filter((p) => p !== path)].slice(0, 100)
    writeFileSync(this.registry, JSON.stringify(paths))
  }
}

/** A recipe file's text, checked: one batch.badRecipe saying what is wrong. */
export function parseRecipe(json: string): Recipe {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (error) {
    throw new AppError('batch.badRecipe', `The recipe is not JSON: ${(error as Error).message}`)
  }
  const parsed = Recipe.safeParse(value)
  if (!parsed.success) throw new AppError('batch.badRecipe', `The recipe is not valid: ${z.prettifyError(parsed.error)}`)
  return parsed.data
}
