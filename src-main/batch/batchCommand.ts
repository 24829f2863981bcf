/**
 * The batch command line, with no window: `npm run batch -- …` (scripts/batch.ts) and the packaged app's
 * `z-image-editor batch …` (src-main/shell) both run it, each starting compute hosts its own way.
 *   --recipe r.json --in photos/ [--in more.jpg …] --out out/ [--workers N] [--shard K/N] [--models DIR] [--retry-failed]
 * Progress on stderr, one JSON line per photo on stdout. Running the same command again continues the batch (its state
 * is in out/.batch/); outputs already complete are skipped, so shards 1/N … N/N, on one machine or many sharing the
 * folder, together make exactly one unsharded run.
 * Exit status: 0 when every photo is done or skipped, 3 when some failed, 130 when interrupted, 2 on bad arguments.
 */
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { AppError } from '../../src-shared/contract'
import type { CreateApi } from '../api/apiContext'
import { ComputeHost } from '../compute/ComputeHost'
import type { SpawnComputeProcess } from '../compute/protocol'
import { parseShard } from './batchInputs'
import { BatchRunner } from './BatchRunner'
import { parseRecipe } from './BatchService'
import { openBatch } from './openBatch'

export interface BatchCommandHost {
  /** How the command is typed, for the usage line: `npm run batch --` or the app's binary with `batch`. */
  command: string
  /** Starts one worker's compute host: a child process, or an Electron utilityProcess. */
  spawnCompute: SpawnComputeProcess
  createApi: CreateApi
  /** The app's data folder: its packs (`models/`) and runtime settings are the batch's. */
  dataDir: string
}

class UsageError extends Error {}

/** Runs the command to its end and answers its exit status; every failure is said on stderr, none is thrown. */
export async function runBatchCommand(args: string[], host: BatchCommandHost): Promise<number> {
  try {
    return await run(args, host)
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\nusage: ${host.command} --recipe r.json --in photos/ [--in more.jpg …] --out out/ [--workers N] [--shard K/N] [--models DIR] [--retry-failed]`)
      return 2
    }
    const failure = AppError.from(error)
    console.error(`batch: ${failure.code}: ${failure.message}`)
    return failure.code === 'internal' ? 1 : 2
  }
}

async function run(args: string[], host: BatchCommandHost): Promise<number> {
  const { values } = (() => {
    try {
      return parseArgs({
        args,
        options: {
          recipe: { type: 'string' },
          in: { type: 'string', multiple: true },
          out: { type: 'string' },
          workers: { type: 'string' },
          shard: { type: 'string' },
          models: { type: 'string' },
          'retry-failed': { type: 'boolean', default: false },
        },
      })
    } catch (error) {
      throw new UsageError((error as Error).message)
    }
  })()
  if (!values.recipe || !values.in?.length || !values.out) throw new UsageError('--recipe, --in and --out are needed.')
  const workers = values.workers === undefined ? availableParallelism() : Number(values.workers)
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers takes a whole number ≥ 1, not “${values.workers}”.`)
  const recipe = parseRecipe(readFileSync(values.recipe, 'utf8'))
  const shard = values.shard ? parseShard(values.shard) : undefined
  const { store, stateDir } = openBatch({ recipe, inputs: values.in, outDir: values.out, workers, shard })
  const total = store.items().length
  let finished = total - store.todo(values['retry-failed']).length
  const runner = new BatchRunner(store, {
    workers,
    modelsDir: values.models ?? join(host.dataDir, 'models'),
    settingsDir: host.dataDir,
    stateDir,
    startCompute: () => ({ compute: new ComputeHost(host.spawnCompute), owned: true }),
    createApi: host.createApi,
    onItem: (item) => {
      if (item.status === 'running' || item.status === 'pending') return
      finished++
      const why = item.error ? ` — ${item.error.code}: ${item.error.message}` : ''
      console.error(`[${finished}/${total}] ${item.name} ${item.status}${item.durationMs !== undefined ? ` ${(item.durationMs / 1000).toFixed(1)} s` : ''}${why}`)
      console.log(JSON.stringify({ input: item.input, status: item.status, durationMs: item.durationMs, outputs: item.outputs, error: item.error, project: item.project }))
    },
  })
  let interrupted = false
  process.once('SIGINT', () => {
    interrupted = true
    console.error('Stopping: photos in progress are abandoned and stay pending; run the same command to continue.')
    runner.cancel()
  })
  console.error(`Batch “${recipe.name}”: ${total} photo(s), ${total - finished} to do, ${workers} worker(s)${shard ? `, shard ${shard.index}/${shard.count}` : ''}; state in ${store.path}`)
  const info = await runner.run(values['retry-failed'])
  store.close()
  console.error(`Done: ${info.counts.done} done, ${info.counts.skipped} skipped (already complete), ${info.counts.failed} failed, ${info.counts.pending} left.`)
  return interrupted ? 130 : info.counts.failed > 0 ? 3 : 0
}

/** The arguments after `batch` when the app was started as `<binary> batch …`; undefined for a normal start. */
export function batchCommandArgs(argv: string[]): string[] | undefined {
  const at = argv.indexOf('batch', 1)
  return at < 0 ? undefined : argv.slice(at + 1)
}
