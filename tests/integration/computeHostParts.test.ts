/**
 * Output that crosses from the compute host a few megabytes a message, so main's thread never takes in tens of
 * megabytes at once: a result's large byte arrays in pieces, put back whole; parts a task sends ahead of its result
 * (a layer's tiles), over a real child process, in order, one at a time, the result after the last; and a failing
 * handler, a cancel or a dead host mid-stream each fail the run once, clearly.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ComputeHost } from '../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../src-main/compute/forkComputeProcess'
import { MESSAGE_BYTES } from '../../src-main/compute/protocol'
import { AppError } from '../../src-shared/contract'
import type { diagnosticTasks } from '../fixtures/computeHostWithDiagnostics'

let compute: ComputeHost<typeof diagnosticTasks>
/** Every message from the host but 'ready': its type, and a piece's size. */
const received: { type: string; bytes: number }[] = []

beforeAll(() => {
  const spawn = forkComputeProcess('tests/fixtures/computeHostWithDiagnostics.ts', ['--import', 'tsx'])
  compute = new ComputeHost<typeof diagnosticTasks>(() => {
    const process = spawn()
    return {
      ...process,
      onMessage: (listener) =>
        process.onMessage((message) => {
          if (message.type !== 'ready') received.push({ type: message.type, bytes: message.type === 'bytes' ? message.bytes.byteLength : 0 })
          listener(message)
        }),
    }
  })
})

afterAll(() => compute.dispose())

type Part = { index: number; bytes: Uint8Array }

async function failureCode(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => new Error('expected the run to fail'),
    (error: unknown) => error,
  )
  expect(error).toBeInstanceOf(AppError)
  return (error as AppError).code
}

const nextJobWorks = () => expect(compute.run('diagnostics.steps', { steps: 1, stepMs: 1 })).resolves.toEqual({ steps: 1 })

it("puts a result's byte array larger than one message back whole, from pieces of at most MESSAGE_BYTES", async () => {
  const bytes = new Uint8Array(randomBytes(2.5 * MESSAGE_BYTES))
  received.length = 0
  const { bytes: back } = await compute.run('diagnostics.echo', { bytes })
  expect(Buffer.compare(back, bytes)).toBe(0)
  expect(received.map((message) => message.type)).toEqual(['bytes', 'bytes', 'bytes', 'result'])
  expect(Math.max(...received.map((message) => message.bytes))).toBe(MESSAGE_BYTES)
})

it('hands the parts to onPart in order, each handled before the next, and answers once the last is', async () => {
  const handled: number[] = []
  let busy = false
  const onPart = async ({ index, bytes }: Part) => {
    expect(busy).toBe(false)
    busy = true
    // Each part arrives whole: 3 MB, many reads of the channel.
    expect(bytes.length).toBe(3 << 20)
    expect(bytes.every((byte) => byte === index)).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 30))
    handled.push(index)
    busy = false
  }
  const result = await compute.run('diagnostics.parts', { parts: 6, bytes: 3 << 20, stepMs: 0 }, { onPart })
  expect(result).toEqual({ parts: 6 })
  expect(handled).toEqual([0, 1, 2, 3, 4, 5])
})

it('a handler that fails fails the run with its error; no later part is handled, and the next job runs', async () => {
  const handled: number[] = []
  const onPart = ({ index }: Part) => {
    handled.push(index)
    if (index === 1) throw new AppError('project.diskFull', 'The disk is full.')
  }
  expect(await failureCode(compute.run('diagnostics.parts', { parts: 20, bytes: 1024, stepMs: 20 }, { onPart }))).toBe('project.diskFull')
  await nextJobWorks()
  expect(handled).toEqual([0, 1])
})

it('a cancel mid-stream fails the run as cancelled, the task stopping at its next step', async () => {
  const abort = new AbortController()
  const handled: number[] = []
  const onPart = ({ index }: Part) => {
    handled.push(index)
    if (index === 1) abort.abort()
  }
  const run = compute.run('diagnostics.parts', { parts: 20, bytes: 1024, stepMs: 20 }, { signal: abort.signal, onPart })
  expect(await failureCode(run)).toBe('compute.cancelled')
  expect(handled.length).toBeLessThan(5)
  await nextJobWorks()
})

it('a host killed mid-stream fails the run once with compute.crashed naming the task, and the next job gets a fresh host', async () => {
  const handled: number[] = []
  let killed: number | undefined
  const onPart = ({ index }: Part) => {
    handled.push(index)
    if (index === 1) {
      killed = compute.pid
      process.kill(killed!, 'SIGKILL')
    }
  }
  const run = compute.run('diagnostics.parts', { parts: 20, bytes: 1024, stepMs: 20 }, { onPart })
  const error = await run.catch((error: AppError) => error)
  expect(error).toMatchObject({ code: 'compute.crashed' })
  expect((error as AppError).message).toContain('diagnostics.parts')
  expect(handled.length).toBeLessThan(5)
  await nextJobWorks()
  expect(compute.pid).not.toBe(killed)
})
