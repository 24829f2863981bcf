/**
 * npm run batch -- --recipe r.json --in photos/ --out out/ [--workers N] [--shard K/N] [--retry-failed]
 *
 * The batch command (src-main/batch/batchCommand.ts) with compute hosts as Node child processes and web mode's data
 * folder; the packaged app runs the same command as `<binary> batch …`.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createApi } from '../src-main/api'
import { runBatchCommand } from '../src-main/batch/batchCommand'
import { forkComputeProcess } from '../src-main/compute/forkComputeProcess'

const computeEntry = fileURLToPath(new URL('../src-main/compute-host/index.ts', import.meta.url))

const code = await runBatchCommand(process.argv.slice(2), {
  command: 'npm run batch --',
  spawnCompute: forkComputeProcess(computeEntry, ['--import', 'tsx']),
  createApi,
  // Web mode's data folder (src-main/server): its packs and runtime settings are the batch's.
  dataDir: join(homedir(), '.z-image-editor'),
})
process.exit(code)
