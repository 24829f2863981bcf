import { readdir, stat } from 'node:fs/promises'
import { totalmem } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { AppError } from '../../../src-shared/contract'
import { providerOrder, type ExecutionProvider, type ProviderChoice } from './executionProviders'
import { ort, type InferenceSession } from './ort'

export interface RuntimeSettings {
  provider: ProviderChoice
  /** Bytes of model the host may keep loaded; the least recently used sessions go first when a load would pass it. */
  budgetBytes: number
}

export interface LoadedSession {
  path: string
  session: InferenceSession
  provider: ExecutionProvider
  /** Providers tried before this one and why each failed. */
  fallbacks: string[]
  /** Estimated memory: the graph file and its external data. */
  bytes: number
  loadMs: number
}

export const defaultRuntime: RuntimeSettings = { provider: 'auto', budgetBytes: Math.floor(totalmem() * 0.6) }

/**
 * The compute host's ONNX Runtime sessions: created lazily, one per graph file (keyed by absolute path),
 * always from the path so external data (weights over 2 GB) loads beside it. Callers ask again for each use
 * instead of keeping a session: an evicted one is released and cannot run.
 */
export class SessionCache {
  /** Map order is recency: a used session is moved to the end, so eviction takes from the front. */
  private readonly sessions = new Map<string, LoadedSession>()
  private readonly loading = new Map<string, Promise<LoadedSession>>()
  private settings: RuntimeSettings = defaultRuntime

  get runtime(): RuntimeSettings {
    return this.settings
  }

  get usedBytes(): number {
    let total = 0
    for (const loaded of this.sessions.values()) total += loaded.bytes
    return total
  }

  loaded(): Omit<LoadedSession, 'session'>[] {
    return [...this.sessions.values()].map(({ session: _, ...rest }) => rest)
  }

  /** A new provider choice applies to sessions created after it, so the loaded ones are dropped. */
  async configure(settings: Partial<RuntimeSettings>): Promise<void> {
    const next = { ...this.settings, ...settings }
    const providerChanged = next.provider !== this.settings.provider
    this.settings = next
    if (providerChanged) await this.unloadAll()
    else await this.evictFor(0)
  }

  async session(file: string): Promise<LoadedSession> {
    const path = resolve(file)
    const cached = this.sessions.get(path)
    if (cached) {
      this.sessions.delete(path)
      this.sessions.set(path, cached)
      return cached
    }
    const pending = this.loading.get(path) ?? this.load(path).finally(() => this.loading.delete(path))
    this.loading.set(path, pending)
    return pending
  }

  async unload(file: string): Promise<void> {
    const path = resolve(file)
    const loaded = this.sessions.get(path)
    if (!loaded) return
    this.sessions.delete(path)
    await loaded.session.release()
  }

  async unloadAll(): Promise<void> {
    for (const path of [...this.sessions.keys()]) await this.unload(path)
  }

  private async load(path: string): Promise<LoadedSession> {
    const bytes = await graphBytes(path)
    await this.evictFor(bytes)
    const fallbacks: string[] = []
    for (const provider of providerOrder(this.settings.provider)) {
      const start = performance.now()
      try {
        const session = await ort.InferenceSession.create(path, { executionProviders: [provider] })
        const loaded = { path, session, provider, fallbacks, bytes, loadMs: performance.now() - start }
        this.sessions.set(path, loaded)
        return loaded
      } catch (error) {
        if (provider === 'cpu') {
          throw new AppError('pack.badGraph', `ONNX Runtime could not load ${basename(path)}: ${(error as Error).message}`, { path })
        }
        fallbacks.push(`${provider}: ${(error as Error).message.split('\n')[0]}`)
      }
    }
    throw new AppError('internal', 'No execution provider was tried.')
  }

  /** Releases least recently used sessions until `incoming` more bytes fit; a model larger than the budget loads alone. */
  private async evictFor(incoming: number): Promise<void> {
    for (const path of this.sessions.keys()) {
      if (this.usedBytes + incoming <= this.settings.budgetBytes) return
      await this.unload(path)
    }
  }
}

/**
 * A session's memory, estimated as its graph file plus external data. Exporters name the sidecars after the
 * graph (`model.onnx_data`, `model.onnx.data`, `text_encoder.onnx_data`), so count the files beside it whose
 * names extend the graph's.
 */
async function graphBytes(path: string): Promise<number> {
  let total: number
  try {
    total = (await stat(path)).size
  } catch {
    throw new AppError('pack.missingFile', `The graph file ${path} is missing.`, { path })
  }
  const name = basename(path)
  for (const entry of await readdir(dirname(path), { withFileTypes: true })) {
    if (entry.isFile() && entry.name !== name && entry.name.startsWith(name)) total += (await stat(join(dirname(path), entry.name))).size
  }
  return total
}
