import { createHash } from 'node:crypto'
import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { PackManifest, PendingInstall } from '../../src-shared/contract'
import { checkExternalData } from './externalData'
import { checkDiskSpace, fetchPlanned } from './fetchPlanned'
import type { HubSettings } from './hub/HubSettings'
import { MANIFEST_FILE, parseManifest } from './manifest'
import type { PackPlan } from './planPack'
import { ProgressMeter, type InstallProgress } from './progressMeter'

/** What an unfinished download keeps in its staging folder, so the Model manager can list it after a restart. */
export const PENDING_FILE = '.install.json'

/** What the user installed: progress and the pending list name it by its source. */
export type InstallOrigin = Pick<PendingInstall, 'kind' | 'source' | 'packId'>

export interface StageOptions {
  origin: InstallOrigin
  modelsDir: string
  hub: HubSettings
  onProgress: (progress: InstallProgress) => void
  signal: AbortSignal
}

/**
 * Fills a staging folder with a plan's files and the ones it generates, proves the external data its graphs
 * name, and writes the manifest; the hashes were checked as the files came in, so the result is verified.
 */
export async function stagePlan(plan: PackPlan, staging: string, options: StageOptions): Promise<{ manifest: PackManifest; verified: true }> {
  const { origin, onProgress, signal } = options
  const { source } = origin
  const bytesTotal = plan.files.reduce((sum, { file }) => sum + file.size, 0)
  await writeFile(join(staging, PENDING_FILE), JSON.stringify({ ...origin, bytesTotal }))
  await checkDiskSpace(options.modelsDir, staging, plan.files)
  const { token } = await options.hub.access()
  const files = await fetchPlanned(plan.files, staging, {
    download: new ProgressMeter(source, bytesTotal, onProgress, 'download'),
    verify: new ProgressMeter(source, bytesTotal, onProgress, 'verify'),
    signal,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  })
  for (const generated of plan.generated) {
    await generated.make(staging)
    const bytes = await readFile(join(staging, generated.packPath))
    files[generated.packPath] = { size: (await stat(join(staging, generated.packPath))).size, sha256: createHash('sha256').update(bytes).digest('hex') }
  }
  const graphs = Object.entries(plan.fields.components).filter(([role, path]) => !role.startsWith('tokenizer') && files[path])
  await checkExternalData(staging, graphs.map(([, path]) => path), new Set(Object.keys(files)))
  const manifest = parseManifest(JSON.stringify({ ...plan.fields, files: { ...plan.kept, ...files } }))
  await writeFile(join(staging, MANIFEST_FILE), JSON.stringify(manifest, null, 2))
  await rm(join(staging, PENDING_FILE), { force: true })
  return { manifest, verified: true }
}
