import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApi, dispatch, type Api } from '../../../src-main/api'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import type { AppErrorData, MethodInput, MethodName } from '../../../src-shared/contract'
import type { Call } from '../../fixtures/layerThroughApi'

/** The real API over temp folders and a real compute host, as the app wires it; `close` removes everything. */
export function startApi(prefix: string) {
  const dataDir = mkdtempSync(join(tmpdir(), prefix))
  const compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  const api: Api = createApi({ mode: 'desktop', version: 'test', compute, folders: { projectsDir: join(dataDir, 'projects'), userDataDir: dataDir } })
  const call: Call = async (method, input) => {
    const reply = await dispatch(api.handlers, method, input)
    if (!reply.ok) throw new Error(`${method} failed with ${reply.error.code}: ${reply.error.message}`)
    return reply.value as never
  }
  /** The error a call is refused with. */
  const refusal = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<AppErrorData> => {
    const reply = await dispatch(api.handlers, method, input)
    if (reply.ok) throw new Error(`${method} should have been refused`)
    return reply.error
  }
  const close = () => {
    compute.dispose()
    api.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  return { call, refusal, close }
}
