import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { createApi, dispatch } from '../../../src-main/api'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import { ProjectStore } from '../../../src-main/documents/project'
import type { EventName } from '../../../src-shared/contract'
import { kodakPath } from '../../fixtures/evalSet'
import type { Call } from '../../fixtures/layerThroughApi'

/**
 * The API over a real project store and compute host with kodim05 as the background (and, with `lockedCopy`, a
 * locked copy above it), recording every event: what the warp tests drag on. A refused call throws with its code.
 */
export async function warpApi(prefix: string, options: { lockedCopy?: boolean } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), prefix))
  const compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  const events: { name: EventName; payload: any }[] = []
  const api = createApi({
    mode: 'desktop',
    version: 'test',
    compute,
    folders: { projectsDir: join(dataDir, 'projects'), userDataDir: dataDir },
    emit: (name, payload) => events.push({ name, payload }),
  })
  const call: Call = async (method, input) => {
    const reply = await dispatch(api.handlers, method, input)
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code })
    return reply.value as never
  }
  const { data, info } = await sharp(kodakPath(5)).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  const original = { width: info.width, height: info.height, rgba: data }
  const path = join(dataDir, 'kodim05.zproj')
  const store = ProjectStore.create(path, { name: 'kodim05', ...original })
  if (options.lockedCopy) {
    store.commitEdit({ operation: 'addLayer', layers: [{ layerId: 'locked', properties: { name: 'Locked', locked: true }, pixels: original }] })
  }
  store.close()
  const document = await call('documents.openProject', { path })

  /** A job's end as `state` or `state: message`. */
  const finished = async (jobId: string): Promise<string> => {
    for (;;) {
      const job = (await call('jobs.list', {})).jobs.find((j) => j.id === jobId)!
      if (['done', 'failed', 'cancelled'].includes(job.state)) return job.error ? `${job.state}: ${job.error.message}` : job.state
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }
  const close = () => {
    compute.dispose()
    api.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  return { call, finished, events, document, original, close }
}
