import { resolve } from 'node:path'
import type { ComponentRole } from '../../../src-shared/contract'
import type { TaskContext } from '../taskContext'
import { checkPackGraphs, fixedImageSize } from './packs'
import type { RuntimeSettings } from './sessions'
import { fromTensor, toTensor, type TensorData } from './tensors'

export interface RunComponentInput {
  packDir: string
  role: ComponentRole
  feeds: Record<string, TensorData>
  /** Runs the graph this many times on the same feeds, a step each: cancel and progress between them. */
  repeat?: number
  runtime?: Partial<RuntimeSettings>
}

export interface RunComponentOutput {
  outputs: Record<string, TensorData>
  provider: string
  fallbacks: string[]
  /** Each `session.run`'s own time, to tell model time from the host's overhead. */
  runMs: number[]
}

export async function runComponent(input: RunComponentInput, context: TaskContext): Promise<RunComponentOutput> {
  const { packs } = context
  if (input.runtime) await packs.sessions.configure(input.runtime)
  const feeds = Object.fromEntries(Object.entries(input.feeds).map(([name, value]) => [name, toTensor(name, value)]))
  const repeat = input.repeat ?? 1
  const runMs: number[] = []
  let outputs: Record<string, TensorData> = {}
  let provider = ''
  let fallbacks: string[] = []
  for (let step = 0; step < repeat; step++) {
    await context.checkpoint()
    const { loaded } = await packs.component(resolve(input.packDir), input.role)
    const start = performance.now()
    const results = await loaded.session.run(feeds)
    runMs.push(performance.now() - start)
    outputs = Object.fromEntries(Object.entries(results).map(([name, tensor]) => [name, fromTensor(tensor)]))
    ;({ provider, fallbacks } = loaded)
    context.progress((step + 1) / repeat, `step ${step + 1}/${repeat}`)
  }
  return { outputs, provider, fallbacks, runMs }
}

export interface SessionsReport {
  runtime: RuntimeSettings
  usedBytes: number
  loaded: { path: string; provider: string; bytes: number; loadMs: number }[]
  /** The host's resident memory now and its peak, in bytes. */
  memory: { rss: number; peakRss: number }
}

/** Applies runtime settings (provider override, memory budget) if given, and reports what is loaded. */
export async function sessionsReport(input: { runtime?: Partial<RuntimeSettings> }, { packs }: TaskContext): Promise<SessionsReport> {
  if (input.runtime) await packs.sessions.configure(input.runtime)
  return {
    runtime: packs.sessions.runtime,
    usedBytes: packs.sessions.usedBytes,
    loaded: packs.sessions.loaded().map(({ path, provider, bytes, loadMs }) => ({ path, provider, bytes, loadMs })),
    memory: { rss: process.memoryUsage.rss(), peakRss: process.resourceUsage().maxRSS * 1024 },
  }
}

export const inferenceTasks = {
  /** Loads every graph of a pack once and checks it against its family's signature (install). */
  'packs.checkGraphs': async ({ packDir }: { packDir: string }) => {
    const bindings = await checkPackGraphs(resolve(packDir))
    const fixedSize = fixedImageSize(bindings)
    return { components: Object.keys(bindings), ...(fixedSize ? { fixedSize } : {}) }
  },
  /** Unloads a pack's sessions before it is removed. */
  'packs.forget': async ({ packDir }: { packDir: string }, { packs }: TaskContext) => {
    await packs.forget(resolve(packDir))
    return {}
  },
  'inference.run': runComponent,
  'inference.sessions': sessionsReport,
}
