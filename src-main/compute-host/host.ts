/**
 * The compute host: the one process where CPU- and GPU-heavy work runs (ONNX Runtime blocks its calling
 * thread), serving a task table over the parent's channel. Started by main as an Electron utilityProcess or a
 * Node child process (index.ts).
 */
import { AppError } from '../../src-shared/contract'
import type { FromComputeHost, ToComputeHost } from '../compute/protocol'
import { startBandPool } from './bands/bandPool'
import { PackSessions } from './inference/packs'
import { SessionCache } from './inference/sessions'
import type { TaskContext } from './taskContext'
import { unknownTask, type TaskTable } from './tasks'

interface ParentPort {
  on(event: 'message', listener: (event: { data: ToComputeHost }) => void): void
  postMessage(message: FromComputeHost): void
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
const post = (message: FromComputeHost) => (parentPort ? parentPort.postMessage(message) : process.send?.(message))
const cancelled = new Set<number>()
/** One session cache for the host's life: a restarted host starts empty. */
const packs = new PackSessions(new SessionCache())

async function run(table: TaskTable, id: number, task: string, input: unknown): Promise<void> {
  try {
    if (!Object.hasOwn(table, task)) throw unknownTask(task)
    const runTask = table[task] as (input: unknown, context: TaskContext) => Promise<unknown>
    const output = await runTask(input, {
      packs,
      progress: (fraction, message) => post({ type: 'progress', id, fraction, message }),
      checkpoint: async () => {
        await new Promise((resolve) => setImmediate(resolve))
        if (cancelled.has(id)) throw new AppError('compute.cancelled', `${task} was cancelled.`, { task })
      },
    })
    post({ type: 'result', id, output })
  } catch (error) {
    post({ type: 'error', id, error: AppError.from(error).toData() })
  } finally {
    cancelled.delete(id)
  }
}

/** Jobs run one after another: a cancel or a new job waits in the queue until the current step yields. */
let queue = Promise.resolve()

/** Serves `table` to the parent process until it goes. */
export function startComputeHost(table: TaskTable): void {
  const receive = (message: ToComputeHost): void => {
    if (message.type === 'cancel') {
      cancelled.add(message.id)
      return
    }
    queue = queue.then(() => run(table, message.id, message.task, message.input))
  }
  startBandPool()
  if (parentPort) parentPort.on('message', (event) => receive(event.data))
  else process.on('message', (message) => receive(message as ToComputeHost))
  post({ type: 'ready', pid: process.pid })
}
