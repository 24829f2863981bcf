/**
 * npm run batch -- --recipe r.json --in photos/ --out out/ [--workers N] [--shard K/N] [--retry-failed]
 *
 * Runs a recipe over photos with no window: progress on stderr, one JSON line per photo on stdout. Running the same
 * command again continues the batch (its state is in out/.batch/); outputs already complete are skipped, so shards
 * 1/N … N/N, on one machine or many sharing the folder, together make exactly one unsharded run.
 * Exit status: 0 when every photo is done or skipped, 3 when some failed, 130 when interrupted, 2 on bad arguments.
 */
import { createApi } from '../src-main/api'
import { readFileSync } from 'node:fs'
import { availableParallelism, homedir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { AppError } from '../src-shared/contract'
import { parseShard } from '../src-main/batch/batchInputs'
import { BatchRunner } from '../src-main/batch/BatchRunner'
import { parseRecipe } from '../src-main/batch/BatchService'
import { openBatch } from '../src-main/batch/openBatch'
import { ComputeHost } from '../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../src-main/compute/forkComputeProcess'

/** Web mode's data folder (src-main/server): its packs and runtime settings are the batch's. */
const webDataDir = () => join(homedir(), '.z-image-editor')

const computeEntry = fileURLToPath(new URL('../src-main/compute-host/index.ts', import.meta.url))

function usage(message: string): never {
  console.error(`${message}\nusage: npm run batch -- --recipe r.json --in photos/ [--in more.jpg …] --out out/ [--workers N] [--shard K/N] [--models DIR] [--retry-failed]`)
  process.exit(2)
}

async function main(): Promise<number> {
  const { values } = parseArgs({
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
  if (!values.recipe || !values.in?.length || !values.out) usage('--recipe, --in and --out are needed.')
  const workers = values.workers === undefined ? availableParallelism() : Number(values.workers)
  if (!Number.isInteger(workers) || workers < 1) usage(`--workers takes a whole number ≥ 1, not “${values.workers}”.`)
  const recipe = parseRecipe(readFileSync(values.recipe, 'utf8'))
  const shard = values.shard ? parseShard(values.shard) : undefined
  const { store, stateDir } = openBatch({ recipe, inputs: values.in, outDir: values.out, workers, shard })
  const total = store.items().length
  let finished = total - store.todo(values['retry-failed']).length
  const runner = new BatchRunner(store, {
    workers,
    modelsDir: values.models ?? join(webDataDir(), 'models'),
    settingsDir: webDataDir(),
    stateDir,
    startCompute: () => ({ compute: new ComputeHost(forkComputeProcess(computeEntry, ['--import', 'tsx'])), owned: true }),
    createApi,
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

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const failure = AppError.from(error)
    console.error(`batch: ${failure.code}: ${failure.message}`)
    process.exit(failure.code === 'internal' ? 1 : 2)
  },
)
