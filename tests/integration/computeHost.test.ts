import { randomBytes } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { constants, getPriority } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComputeHost } from '../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../src-main/compute/forkComputeProcess'
import { AppError, type ErrorCode } from '../../src-shared/contract'
import type { diagnosticTasks } from '../fixtures/computeHostWithDiagnostics'

const entry = 'tests/fixtures/computeHostWithDiagnostics.ts'
const steps = { steps: 20, stepMs: 20 }
/** One host for the whole file, as in the app: every test leaves it able to run the next job. */
let compute: ComputeHost<typeof diagnosticTasks>

beforeAll(() => {
  compute = new ComputeHost<typeof diagnosticTasks>(forkComputeProcess(entry, ['--import', 'tsx']))
})

afterAll(() => compute.dispose())

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`)
    },
    (error: unknown) => error,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  const error = await failure(promise)
  expect(error.code).toBe(code)
  return error
}

/** Runs diagnostics.steps and resolves `started` with the process's pid once the first step has reported. */
function runSteps(signal?: AbortSignal) {
  const fractions: number[] = []
  let started!: (pid: number) => void
  const firstStep = new Promise<number>((resolve) => (started = resolve))
  const job = compute.run('diagnostics.steps', steps, {
    signal,
    onProgress: (fraction) => {
      fractions.push(fraction)
      if (fractions.length === 1) started(compute.pid!)
    },
  })
  return { job, fractions, firstStep }
}

async function expectWorks(): Promise<void> {
  await expect(compute.run('diagnostics.steps', { steps: 2, stepMs: 1 })).resolves.toEqual({ steps: 2 })
}

describe('ComputeHost over a real child process', () => {
  it('round-trips 1 MB of bytes unchanged', async () => {
    const bytes = new Uint8Array(randomBytes(1024 * 1024))
    const { bytes: back } = await compute.run('diagnostics.echo', { bytes })
    expect(back).toBeInstanceOf(Uint8Array)
    expect(Buffer.compare(back, bytes)).toBe(0)
  })

  it('reports progress in order, ending at 1', async () => {
    const { job, fractions } = runSteps()
    await expect(job).resolves.toEqual({ steps: 20 })
    expect(fractions).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) / 20))
  })

  it('soft-cancels at a step boundary and keeps the same process for the next job', async () => {
    const abort = new AbortController()
    const { job, fractions, firstStep } = runSteps(abort.signal)
    const pid = await firstStep
    abort.abort()
    await expectCode(job, 'compute.cancelled')
    expect(fractions.length).toBeLessThan(20)
    await expectWorks()
    expect(compute.pid).toBe(pid)
  })

  it('hard-cancels by killing the process; the next job runs on a fresh one', async () => {
    const { job, fractions, firstStep } = runSteps()
    const pid = await firstStep
    compute.hardCancel()
    await expectCode(job, 'compute.cancelled')
    expect(fractions.length).toBeLessThan(20)
    await expectWorks()
    expect(compute.pid).not.toBe(pid)
  })

  it('fails a job whose process exits with compute.crashed naming the task, then recovers', async () => {
    const error = await expectCode(compute.run('diagnostics.crash', {}), 'compute.crashed')
    expect(error.message).toContain('diagnostics.crash')
    await expectWorks()
  })

  it('fails every job in flight when the process is killed from outside, then recovers', async () => {
    const { job, firstStep } = runSteps()
    const queued = compute.run('diagnostics.echo', { bytes: new Uint8Array([1, 2, 3]) })
    const pid = await firstStep
    process.kill(pid, 'SIGKILL')
    expect((await expectCode(job, 'compute.crashed')).message).toContain('diagnostics.steps')
    expect((await expectCode(queued, 'compute.crashed')).message).toContain('diagnostics.echo')
    await expectWorks()
    expect(compute.pid).not.toBe(pid)
  })

  it('runs jobs one at a time: a queued job waits for the running one, then completes', async () => {
    const order: string[] = []
    const { job } = runSteps()
    const queued = compute.run('diagnostics.echo', { bytes: new Uint8Array([7]) })
    void job.then(() => order.push('steps'))
    void queued.then(() => order.push('echo'))
    await expect(queued).resolves.toEqual({ bytes: new Uint8Array([7]) })
    await job
    expect(order).toEqual(['steps', 'echo'])
  })

  it('does not restart a process that dies on start until the next job asks for one', async () => {
    let spawns = 0
    const spawn = forkComputeProcess('src-main/compute-host/no-such-entry.ts', ['--import', 'tsx'])
    const broken = new ComputeHost(() => (spawns++, spawn()))
    try {
      await expectCode(broken.run('diagnostics.echo', { bytes: new Uint8Array(1) }), 'compute.crashed')
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(spawns).toBe(1)
      await expectCode(broken.run('diagnostics.echo', { bytes: new Uint8Array(1) }), 'compute.crashed')
      expect(spawns).toBe(2)
    } finally {
      broken.dispose()
    }
  })

  it.runIf(process.platform === 'linux')("runs below main's priority, every thread of it, those its band pool starts too", async () => {
    // The band pool's threads start with this first job of theirs.
    await compute.run('diagnostics.bands', { side: 1024 })
    const threads = readdirSync(`/proc/${compute.pid}/task`)
    expect(new Set(threads.map((thread) => getPriority(Number(thread))))).toEqual(new Set([constants.priority.PRIORITY_BELOW_NORMAL]))
    expect(getPriority()).toBe(constants.priority.PRIORITY_NORMAL)
  })

  it('refuses an unknown task with compute.failed', async () => {
    const run = compute.run as (task: string, input: unknown) => Promise<unknown>
    const error = await expectCode(run.call(compute, 'diagnostics.nope', {}), 'compute.failed')
    expect(error.message).toContain('diagnostics.nope')
  })
})
