/**
 * The runtime settings (execution-provider override, memory budget): kept in the user-data folder, given back
 * to a restarted compute host before its first job, and reported with the provider each loaded graph runs on.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, dispatch, type Api } from '../../../src-main/api'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import { kodakPath } from '../../fixtures/evalSet'
import { buildLamaPack, scratchFolder } from '../../fixtures/oracle'

let scratch: Awaited<ReturnType<typeof scratchFolder>>
const running: { compute: ComputeHost; api: Api }[] = []

function start() {
  const compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  const folders = { projectsDir: join(scratch.path, 'projects'), userDataDir: scratch.path }
  const api = createApi({ mode: 'web', version: 'test', compute, modelsDir: join(scratch.path, 'models'), folders })
  running.push({ compute, api })
  const call = async (method: string, input: unknown): Promise<any> => {
    const reply = await dispatch(api.handlers, method, input)
    if (!reply.ok) throw reply.error
    return reply.value
  }
  return { compute, call }
}

beforeAll(async () => {
  scratch = await scratchFolder('runtime')
  await buildLamaPack(join(scratch.path, 'models', 'lama-oracle'))
})

afterAll(async () => {
  for (const { compute, api } of running) {
    compute.dispose()
    api.close()
  }
  await scratch.remove()
})

describe('runtime settings', () => {
  it('keep the provider override and budget across an app restart and a compute-host restart', async () => {
    const first = start()
    expect((await first.call('models.runtime', {})).provider).toBe('auto')
    const set = await first.call('models.setRuntime', { provider: 'cpu', budgetBytes: 123_456_789 })
    expect(set).toMatchObject({ provider: 'cpu', budgetBytes: 123_456_789 })
    expect(JSON.parse(await readFile(join(scratch.path, 'runtime.json'), 'utf8'))).toEqual({ provider: 'cpu', budgetBytes: 123_456_789 })

    const second = start()
    expect(await second.call('models.runtime', {})).toMatchObject({ provider: 'cpu', budgetBytes: 123_456_789 })
    // A host that died and was started again gets the settings before its first job, unasked.
    second.compute.hardCancel()
    const report = await second.compute.run('inference.sessions', {})
    expect(report.runtime).toEqual({ provider: 'cpu', budgetBytes: 123_456_789 })
  })

  it('reports which pack each loaded graph belongs to and the provider it runs on', async () => {
    const { call } = start()
    const { document } = await call('documents.openImage', { name: 'kodim03.png', bytes: await readFile(kodakPath(3)) })
    const box = { x: 600, y: 420, width: 40, height: 30 }
    const { jobId } = await call('removal.remove', { documentId: document.id, layerId: 'background', mask: { rect: box, alpha: new Uint8Array(40 * 30).fill(255) }, engine: 'lama-oracle', grow: 0 })
    for (;;) {
      const job = (await call('jobs.list', {})).jobs.find((j: { id: string }) => j.id === jobId)
      if (job.state === 'done') break
      if (job.state === 'failed') throw job.error
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const { loaded } = await call('models.runtime', {})
    expect(loaded).toContainEqual(expect.objectContaining({ packId: 'lama-oracle', provider: 'cpu' }))
  })
})
