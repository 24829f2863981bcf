import {
  AppError,
  type AppErrorData,
  type CachedSnapshot,
  type CatalogEntry,
  type EventPayload,
  type HubSettings,
  type PackInfo,
  type PendingInstall,
  type RuntimeInfo,
} from '../../../src-shared/contract'
import type { ApiClient } from '../../transport/apiClient'
import { Store } from '../Store'
import type { InstallRequest } from './installSource'

export type InstallProgress = EventPayload<'models.installProgress'>

export interface ModelLibraryState {
  packs: PackInfo[]
  /** Downloads that stopped; installing the same source again resumes them. */
  pending: PendingInstall[]
  catalog: CatalogEntry[]
  /** Snapshots in the user's Hugging Face cache, installable with no download. */
  cached: CachedSnapshot[]
  hub?: HubSettings
  runtime?: RuntimeInfo
  /** Installs in flight, by source, with their latest progress (none until main reports the first bytes). */
  installs: Map<string, { request: InstallRequest; progress?: InstallProgress }>
  /** The last install or settings failure, shown in the Model manager itself (the window's alert sits under it). */
  error?: AppErrorData
  /** What just finished: an i18n key and its values. */
  notice?: { key: string; values: Record<string, string> }
}

/**
 * The Model manager's model apart from React: what is installed and what lacks what, the catalog, stopped
 * downloads, cached snapshots and the Hub settings, read from main; installs started here run on whether the
 * manager is open or not, and their progress arrives as events.
 */
export class ModelLibrary extends Store<ModelLibraryState> {
  constructor(
    private readonly api: ApiClient,
    /** Called after the installed packs changed, so that panels showing them read them again. */
    private readonly onPacksChanged: () => void,
  ) {
    super({ packs: [], pending: [], catalog: [], cached: [], installs: new Map() })
  }

  private change(change: Partial<ModelLibraryState>): void {
    this.set({ ...this.get(), ...change })
  }

  /** Reads everything the manager shows; the cache scan and the runtime are asked for apart, so a slow one holds nothing up. */
  async load(): Promise<void> {
    await Promise.all([
      this.refresh(),
      this.api.call('models.hubSettings', {}).then((hub) => this.change({ hub }), this.failed),
      this.api.call('models.runtime', {}).then((runtime) => this.change({ runtime }), this.failed),
      this.api.call('models.findCached', {}).then(({ snapshots }) => this.change({ cached: snapshots }), this.failed),
    ])
  }

  /** The installed packs, stopped downloads and the catalog's installed marks. */
  async refresh(): Promise<void> {
    const [list, catalog] = await Promise.all([this.api.call('models.list', {}), this.api.call('models.catalog', {})]).catch(this.failed) ?? []
    if (list && catalog) this.change({ packs: list.packs, pending: list.pending, catalog: catalog.entries })
  }

  /** Starts an install; it resolves once the pack is installed or the install failed (the failure is kept in `error`). */
  async install(request: InstallRequest): Promise<PackInfo | undefined> {
    if (this.get().installs.has(request.source)) return undefined
    this.change({ installs: new Map(this.get().installs).set(request.source, { request }), error: undefined, notice: undefined })
    try {
      const pack = await this.call(request)
      this.change({ notice: { key: 'models.installed', values: { name: this.displayName(pack) } } })
      return pack
    } catch (error) {
      const failure = AppError.from(error)
      if (failure.code === 'pack.cancelled') this.change({ notice: { key: 'models.cancelled', values: { source: request.source } } })
      else this.change({ error: failure.toData() })
      return undefined
    } finally {
      const installs = new Map(this.get().installs)
      installs.delete(request.source)
      this.change({ installs })
      await this.refresh()
      this.onPacksChanged()
    }
  }

  cancel(source: string): void {
    void this.api.call('models.cancelInstall', { source }).catch(this.failed)
  }

  async remove(id: string): Promise<void> {
    await this.api.call('models.remove', { id }).catch(this.failed)
    await this.refresh()
    this.onPacksChanged()
  }

  /** Saves the endpoint and, when one is typed, the token; `token: null` forgets the saved one. */
  async saveHub(change: { endpoint?: string; token?: string | null }): Promise<boolean> {
    const hub = await this.api.call('models.setHubSettings', change).catch(this.failed)
    if (hub) this.change({ hub, error: undefined, notice: { key: 'models.hub.saved', values: { endpoint: hub.endpoint } } })
    return Boolean(hub)
  }

  async setRuntime(change: { provider?: RuntimeInfo['provider']; budgetBytes?: number }): Promise<void> {
    const runtime = await this.api.call('models.setRuntime', change).catch(this.failed)
    if (runtime) this.change({ runtime })
  }

  receive(progress: InstallProgress): void {
    const install = this.get().installs.get(progress.source)
    if (install) this.change({ installs: new Map(this.get().installs).set(progress.source, { ...install, progress }) })
  }

  dismiss(): void {
    this.change({ error: undefined, notice: undefined })
  }

  /** The catalog's name for a pack installed from it (main names packs by their repo). */
  displayName(pack: PackInfo): string {
    return this.get().catalog.find((entry) => entry.id === pack.id)?.name ?? pack.name
  }

  private call(request: InstallRequest): Promise<PackInfo> {
    switch (request.kind) {
      case 'catalog':
        return this.api.call('models.installFromCatalog', { id: request.source })
      case 'hub':
        return this.api.call('models.installFromHub', { repo: request.source, ...(request.revision ? { revision: request.revision } : {}) })
      case 'folder':
        return this.api.call('models.installFromFolder', { folder: request.source })
      case 'url':
        return this.api.call('models.installFromUrl', { url: request.source })
      case 'component':
        return this.api.call('models.addComponent', { packId: request.packId, repo: request.source })
    }
  }

  private readonly failed = (error: unknown): undefined => {
    this.change({ error: AppError.from(error).toData() })
    return undefined
  }
}
