import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Recipe } from '../../src-shared/contract'
import { checkBatchPaths, listInputs, shardOf } from './batchInputs'
import { BatchStore } from './BatchStore'

export interface BatchRequest {
  recipe: Recipe
  /** Photo files and folders. */
  inputs: string[]
  outDir: string
  workers: number
  shard?: { index: number; count: number }
}

/**
 * The batch database for a request, created or reopened: it lives in the output folder (`.batch/`, one per shard, so
 * shards on machines sharing the folder never write one SQLite file), beside the projects of its photos. Running the
 * same request again continues it.
 */
export function openBatch(request: BatchRequest): { store: BatchStore; stateDir: string } {
  const outDir = resolve(request.outDir)
  const all = listInputs(request.inputs)
  checkBatchPaths(all, outDir, request.recipe.outputs)
  mkdirSync(outDir, { recursive: true })
  const shard = request.shard
  const stateDir = join(outDir, '.batch', shard && shard.count > 1 ? `shard-${shard.index}-of-${shard.count}` : 'all')
  const store = BatchStore.open(join(stateDir, 'batch.sqlite'), { recipe: request.recipe, outDir, workers: request.workers })
  store.addInputs(shard ? shardOf(all, shard) : all)
  store.setWorkers(request.workers)
  return { store, stateDir }
}

/** The state folder of a batch database: its projects sit beside it. */
export const stateDirOf = (database: string) => resolve(database, '..')
