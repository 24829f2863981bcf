/**
 * The compute host's entry: the one process where CPU- and GPU-heavy work runs (ONNX Runtime blocks its
 * calling thread). Started by main as an Electron utilityProcess or a Node child process.
 */
import { AppError } from '../../src-shared/contract'
import type { FromComputeHost, ToComputeHost } from '../compute/protocol'
import { startBandPool } from './bands/bandPool'
import { isTaskName, tasks, unknownTask, type TaskContext } from './tasks'

interface ParentPort {
  on(event: 'message', listener: (event: { data: ToComputeHost }) => void): void
  postMessage(message: FromComputeHost): void
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
const post = (message: FromComputeHost) => (parentPort ? parentPort.postMessage(message) : process.send?.(message))
const cancelled = new Set<number>()

async function run(id: number, task: string, input: unknown): Promise<void> {
  try {
    if (!isTaskName(task)) throw unknownTask(task)
    const runTask = tasks[task] as (input: unknown, context: TaskContext) => Promise<unknown>
    const output = await runTask(input, {
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
function receive(message: ToComputeHost): void {
  if (message.type === 'cancel') {
    cancelled.add(message.id)
    return
  }
  queue = queue.then(() => run(message.id, message.task, message.input))
}

startBandPool()
if (parentPort) parentPort.on('message', (event) => receive(event.data))
else process.on('message', (message) => receive(message as ToComputeHost))
post({ type: 'ready', pid: process.pid })
