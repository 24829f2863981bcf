import { join } from 'node:path'
import sharp from 'sharp'
import { ProjectStore } from '../../../src-main/documents/project'
import { startApi } from '../../fixtures/apiHarness'
import { kodakPath } from '../../fixtures/evalSet'

/**
 * The API over a real project store and compute host with kodim05 as the background (and, with `lockedCopy`, a
 * locked copy above it), recording every event: what the warp tests drag on. A refused call throws with its code.
 */
export async function warpApi(prefix: string, options: { lockedCopy?: boolean } = {}) {
  const { call, finished: ended, events, close, dataDir } = startApi(prefix)
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
    const job = await ended(jobId)
    return job.error ? `${job.state}: ${job.error.message}` : job.state
  }
  return { call, finished, events, document, original, close }
}
