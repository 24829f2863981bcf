/**
 * The job queue in main over a real compute host running an oracle LaMa graph step after step: one job at a
 * time, soft cancel between steps, hard cancel by restarting the host, and only a finished job commits.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import { JobQueue, type JobSpec } from '../../../src-main/jobs/JobQueue'
import type { RunComponentOutput } from '../../../src-main/compute-host/inference/inferenceTasks'
import { AppError, type EventName, type JobInfo } from '../../../src-shared/contract'
import { buildLamaPack, LAMA_SIZE, scratchFolder } from '../../fixtures/oracle'

let compute: ComputeHost
let scratch: Awaited<ReturnType<typeof scratchFolder>>
let lama: string
let queue: JobQueue
const events: { name: EventName; payload: any }[] = []
const commits: string[] = []

beforeAll(async () => {
  compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  scratch = await scratchFolder('oracle-jobs')
  lama = await buildLamaPack(join(scratch.path, 'lama'))
  queue = new JobQueue(compute, (name, payload) => events.push({ name, payload }))
})

afterAll(async () => {
  compute.dispose()
  await scratch.remove()
})

const size = LAMA_SIZE
const feeds = {
  image: { type: 'float32' as const, dims: [1, 3, size, size], data: new Float32Array(3 * size * size).fill(0.5) },
  mask: { type: 'float32' as const, dims: [1, 1, size, size], data: new Float32Array(size * size) },
}

/** A job of `steps` runs of the LaMa graph, each a step with progress; it commits its label on success. */
function inpaintJob(label: string, steps: number, role: 'inpainter' | 'transformer' = 'inpainter'): JobSpec<RunComponentOutput> {
  return {
    kind: 'removeObject',
    label,
    run: ({ compute, signal, progress }) =>
      compute.run(
        'inference.run',
        { packDir: lama, role, feeds, repeat: steps },
        { signal, onProgress: (fraction, message) => progress({ fraction, step: Math.round(fraction * steps), steps, message }) },
      ),
    commit: () => void commits.push(label),
  }
}

const info = (id: string): JobInfo => queue.list().find((job) => job.id === id)!
const statesOf = (id: string) =>
  events
    .filter((e) => e.name === 'jobs.changed')
    .map((e) => (e.payload.jobs as JobInfo[]).find((job) => job.id === id)?.state)
    .filter((state, i, all) => state && state !== all[i - 1])

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

function firstStep(id: string): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if ((info(id).step ?? 0) > 0) resolve(clearInterval(timer))
    }, 2)
  })
}

describe('JobQueue', () => {
  it('runs a job to the end, with progress events, then commits its result', async () => {
    const { id, done } = queue.submit(inpaintJob('first', 3))
    const result = await done
    expect(result.provider).toBe('cpu')
    expect(result.runMs).toHaveLength(3)
    expect(info(id)).toMatchObject({ state: 'done', fraction: 1, step: 3, steps: 3 })
    expect(statesOf(id)).toEqual(['queued', 'running', 'done'])
    const steps = events.filter((e) => e.name === 'jobs.progress' && e.payload.jobId === id).map((e) => e.payload.step)
    expect(steps).toEqual([1, 2, 3])
    expect(commits).toEqual(['first'])
  })

  it('runs one job at a time: the next waits queued, a cancelled queued job never starts', async () => {
    const running = queue.submit(inpaintJob('running', 4))
    const waiting = queue.submit(inpaintJob('waiting', 1))
    const dropped = queue.submit(inpaintJob('dropped', 1))
    expect([info(running.id).state, info(waiting.id).state, info(dropped.id).state]).toEqual(['running', 'queued', 'queued'])
    queue.cancel(dropped.id)
    expect((await failure(dropped.done)).code).toBe('compute.cancelled')
    await running.done
    await waiting.done
    expect(info(waiting.id).startedAt!).toBeGreaterThanOrEqual(info(running.id).finishedAt!)
    expect(statesOf(dropped.id)).toEqual(['queued', 'cancelled'])
    expect(commits.slice(-2)).toEqual(['running', 'waiting'])
  })

  it('soft-cancels between steps: the job stops early, commits nothing, and the host keeps running', async () => {
    const pid = compute.pid
    const { id, done } = queue.submit(inpaintJob('soft', 200))
    await firstStep(id)
    queue.cancel(id)
    expect((await failure(done)).code).toBe('compute.cancelled')
    expect(info(id).state).toBe('cancelled')
    expect(info(id).step!).toBeLessThan(200)
    expect(commits).not.toContain('soft')
    expect(compute.pid).toBe(pid)
  })

  it('hard-cancels mid-run by restarting the compute host; the next job runs normally', async () => {
    const { id, done } = queue.submit(inpaintJob('hard', 200))
    await firstStep(id)
    const pid = compute.pid
    queue.cancel(id, true)
    expect((await failure(done)).code).toBe('compute.cancelled')
    expect(info(id).state).toBe('cancelled')
    expect(commits).not.toContain('hard')
    await queue.submit(inpaintJob('after', 2)).done
    expect(compute.pid).not.toBe(pid)
    expect(commits.at(-1)).toBe('after')
  })

  it('records a failed job with its error and commits nothing', async () => {
    const { id, done } = queue.submit(inpaintJob('broken', 1, 'transformer'))
    expect((await failure(done)).code).toBe('pack.badGraph')
    expect(info(id)).toMatchObject({ state: 'failed', error: { code: 'pack.badGraph' } })
    expect(commits).not.toContain('broken')
    expect(() => queue.cancel('no-such-job')).toThrow(expect.objectContaining({ code: 'job.notFound' }))
  })
})
