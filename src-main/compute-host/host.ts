/**
 * The compute host: the one process where CPU- and GPU-heavy work runs (ONNX Runtime blocks its calling
 * thread), below main's priority, serving a task table over the parent's channel. Started by main as an Electron
 * utilityProcess or a Node child process (index.ts).
 */
import { AppError } from '../../src-shared/contract'
import { MESSAGE_BYTES, type FromComputeHost, type ToComputeHost } from '../compute/protocol'
import { runBelowNormalPriority } from './backgroundPriority'
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
    const runTask = table[task] as (input: unknown, context: TaskContext<unknown>) => Promise<unknown>
    const output = await runTask(input, {
      packs,
      progress: (fraction, message) => post({ type: 'progress', id, fraction, message }),
      send: (part) => post({ type: 'part', id, part }),
      checkpoint: async () => {
        await new Promise((resolve) => setImmediate(resolve))
        if (cancelled.has(id)) throw new AppError('compute.cancelled', `${task} was cancelled.`, { task })
      },
    })
    postResult(id, output)
  } catch (error) {
    post({ type: 'error', id, error: AppError.from(error).toData() })
  } finally {
    cancelled.delete(id)
  }
}

/**
 * The result, its top-level byte arrays past MESSAGE_BYTES sent ahead of it in pieces (an export's file, a PSD): every
 * task's, without its knowing, as main puts them back in place before it answers.
 */
function postResult(id: number, output: unknown): void {
  if (typeof output !== 'object' || output === null || Array.isArray(output)) {
    post({ type: 'result', id, output })
    return
  }
  const rest: Record<string, unknown> = { ...output }
  for (const [field, bytes] of Object.entries(output)) {
    if (!(bytes instanceof Uint8Array) || bytes.byteLength <= MESSAGE_BYTES) continue
    for (let offset = 0; offset < bytes.byteLength; offset += MESSAGE_BYTES) {
      // A copy, not a view: Electron's channel clones a view with the whole buffer under it.
      const piece = new Uint8Array(bytes.subarray(offset, offset + MESSAGE_BYTES))
      post({ type: 'bytes', id, field, offset, total: bytes.byteLength, bytes: piece })
    }
    delete rest[field]
  }
  post({ type: 'result', id, output: rest })
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
  runBelowNormalPriority()
  startBandPool()
  if (parentPort) parentPort.on('message', (event) => receive(event.data))
  else process.on('message', (message) => receive(message as ToComputeHost))
  post({ type: 'ready', pid: process.pid })
}
