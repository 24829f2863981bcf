import { createHash, randomUUID } from 'node:crypto'
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { AppError, type CachedSnapshot, type CatalogEntry, type PackInfo, type PackManifest, type PendingInstall } from '../../src-shared/contract'
import { packAbilities } from '../../src-shared/packAbilities'
import { catalog, catalogEntry } from './catalog'
import { downloadFile } from './download'
import { fetchManifest, fileUrl } from './fetchManifest'
import { stagedBytes } from './fetchPlanned'
import { cachedSnapshots, listFolder } from './hub/hubCache'
import { parseRepoRef } from './hub/hubClient'
import type { HubSettings } from './hub/HubSettings'
import { listCompanion, listHub } from './hub/listings'
import { recogniseLayout } from './layouts'
import { companionComponent } from './layouts/components'
import { MANIFEST_FILE, readManifest } from './manifest'
import { companionPrefix, missingComponent, planPack, type PackPlan } from './planPack'
import { ProgressMeter, type InstallProgress } from './progressMeter'
import { PENDING_FILE, stagePlan, type InstallOrigin } from './stagePlan'
import { verifyFiles } from './verifyFiles'

/** What installing and removing need from the compute host, where graphs load. */
export interface PackRuntime {
  /**
   * Loads every graph of a pack folder and checks it against its family's layout (throws pack.badGraph);
   * says the size an export baked into its transformer or UNet, if it did.
   */
  checkGraphs(packDir: string): Promise<{ fixedSize?: { width: number; height: number } }>
  /** Drops the sessions and manifest the host holds for a pack folder. */
  forget(packDir: string): Promise<void>
}

/**
 * The installed model packs: one folder each in the models folder, named by the pack's id. An install fills
 * a staging folder inside the models folder, proves every checksum and graph, then renames it into place, so
 * a pack is either wholly there or not at all. Nothing is downloaded unless an install asks for it.
 */
export class ModelManager {
  private readonly installs = new Map<string, AbortController>()

  constructor(
    readonly modelsDir: string,
    private readonly runtime: PackRuntime,
    private readonly hub: HubSettings,
    private readonly onProgress: (progress: InstallProgress) => void = () => {},
  ) {}

  async list(): Promise<PackInfo[]> {
    await mkdir(this.modelsDir, { recursive: true })
    const packs: PackInfo[] = []
    for (const entry of await readdir(this.modelsDir, { withFileTypes: true })) {
      // Staging and download folders start with a dot; a folder without a readable manifest is not a pack.
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue
      const manifest = await readManifest(join(this.modelsDir, entry.name)).catch(() => undefined)
      if (manifest?.id === entry.name) packs.push(await this.info(manifest))
    }
    return packs.sort((a, b) => a.id.localeCompare(b.id))
  }

  /** Downloads that stopped before they finished; installing the same source again resumes them. */
  async pending(): Promise<PendingInstall[]> {
    const found: PendingInstall[] = []
    for (const entry of await readdir(this.modelsDir).catch(() => [])) {
      if (!entry.startsWith('.download-')) continue
      const folder = join(this.modelsDir, entry)
      const saved = await readFile(join(folder, PENDING_FILE), 'utf8').then(JSON.parse, () => undefined)
      if (!saved || this.installs.has(saved.source)) continue
      found.push({ ...saved, bytesDone: Math.min(saved.bytesTotal, await stagedBytes(folder)) })
    }
    return found
  }

  async catalog(): Promise<CatalogEntry[]> {
    return catalog(new Set((await this.list()).map((pack) => pack.id)))
  }

  packDir(id: string): string {
    return join(this.modelsDir, id)
  }

  /** A folder with a pack.json installs as it is; any other is a repo snapshot whose layout is recognised. */
  async installFromFolder(folder: string): Promise<PackInfo> {
    const info = await stat(folder).catch(() => undefined)
    if (!info?.isDirectory()) throw new AppError('pack.notFound', `There is no folder ${folder}.`, { folder })
    if (await stat(join(folder, MANIFEST_FILE)).catch(() => undefined)) return this.installPackFolder(folder)
    const listing = await listFolder(folder)
    return this.installPlan({ kind: 'folder', source: folder }, await planPack(listing, (repo, revision) => listCompanion(this.hub, repo, revision)))
  }

  /** Installs a public repo as published, taking any file the Hugging Face cache already holds from there. */
  async installFromHub(repoRef: string, revision?: string): Promise<PackInfo> {
    const ref = parseRepoRef(repoRef)
    const main = await listHub(this.hub, ref.repo, revision ?? ref.revision ?? 'main')
    return this.installPlan({ kind: 'hub', source: repoRef }, await planPack(main, (repo, rev) => listHub(this.hub, repo, rev)))
  }

  async installFromCatalog(id: string): Promise<PackInfo> {
    const entry = catalogEntry(id)
    if (!entry) throw new AppError('pack.notFound', `The catalog has no pack ${id}.`, { id })
    const [main] = entry.sources
    const listing = await listHub(this.hub, main!.repo, main!.revision)
    const plan = await planPack(listing, (repo, rev) => listHub(this.hub, repo, rev))
    return this.installPlan({ kind: 'catalog', source: id }, { ...plan, fields: { ...plan.fields, name: entry.name } })
  }

  /** Adds, from another repo, the first component an installed pack lacks that the repo has. */
  async addComponent(packId: string, repoRef: string, revision?: string): Promise<PackInfo> {
    const packDir = this.packDir(packId)
    const manifest = await readManifest(packDir).catch(() => {
      throw new AppError('pack.notFound', `No installed pack is called ${packId}.`, { id: packId })
    })
    const ref = parseRepoRef(repoRef)
    const listing = await listHub(this.hub, ref.repo, revision ?? ref.revision ?? 'main')
    const prefix = companionPrefix(listing.repo)
    const lacking = [...new Set(packAbilities(manifest.family, manifest.components).lacks.map((lack) => lack.component))]
    const role = lacking.find((candidate) => companionComponent(listing, candidate, prefix))
    if (!role) throw missingComponent(listing.repo, lacking[0] ?? 'component')
    const part = companionComponent(listing, role, prefix)!
    const plan: PackPlan = {
      fields: { ...manifest, components: { ...manifest.components, ...part.components }, sources: [...manifest.sources, { repo: listing.repo, revision: listing.revision, prefix }] },
      files: part.files,
      generated: part.generated,
      kept: manifest.files,
    }
    return this.installInto({ kind: 'component', source: repoRef, packId }, plan, manifest)
  }

  /** Repo snapshots in the Hugging Face cache, with the family each would install as (none when no layout fits). */
  async findCached(): Promise<CachedSnapshot[]> {
    const found: CachedSnapshot[] = []
    for (const snapshot of await cachedSnapshots()) {
      const listing = await listFolder(snapshot.folder, snapshot.repo, snapshot.revision)
      let family
      try {
        family = recogniseLayout(listing).family
      } catch {
        family = undefined
      }
      found.push({ ...snapshot, ...(family ? { family } : {}) })
    }
    return found
  }

  /** Downloads a pack folder served over HTTP(S) with its pack.json. */
  installFromUrl(url: string): Promise<PackInfo> {
    const base = url.replace(/\/+$/, '')
    return this.install(url, this.stagingFor(base), async (staging, signal) => {
      const { manifest, text } = await fetchManifest(base, signal)
      await this.refuseInstalled(manifest.id)
      await writeFile(join(staging, MANIFEST_FILE), text)
      const meter = this.meter(url, manifest, 'download')
      for (const [path, file] of Object.entries(manifest.files)) {
        await mkdir(dirname(join(staging, path)), { recursive: true })
        await downloadFile(fileUrl(base, path), join(staging, path), file.size, (bytes, fromDisk) => meter.add(path, bytes, fromDisk), signal)
      }
      return manifest
    })
  }

  /** Aborts the install from `source`; it fails with pack.cancelled and leaves nothing behind. */
  cancelInstall(source: string): void {
    this.installs.get(source)?.abort()
  }

  async remove(id: string): Promise<void> {
    const pack = (await this.list()).find((p) => p.id === id)
    if (!pack) throw new AppError('pack.notFound', `No installed pack is called ${id}.`, { id })
    const folder = this.packDir(id)
    await this.runtime.forget(folder)
    // Renamed first so a crash halfway through deleting never leaves a pack that lists but cannot load.
    const doomed = join(this.modelsDir, `.removing-${randomUUID()}`)
    await rename(folder, doomed)
    await rm(doomed, { recursive: true, force: true })
  }

  private installPackFolder(folder: string): Promise<PackInfo> {
    return this.install(folder, join(this.modelsDir, `.staging-${randomUUID()}`), async (staging, signal) => {
      const manifest = await readManifest(folder)
      await this.refuseInstalled(manifest.id)
      const meter = this.meter(folder, manifest, 'download')
      for (const [path, file] of Object.entries(manifest.files)) {
        if (signal.aborted) throw signal.reason
        await mkdir(dirname(join(staging, path)), { recursive: true })
        await copyFile(join(folder, path), join(staging, path)).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') throw new AppError('pack.missingFile', `The pack lacks ${path}.`, { path })
          throw error
        })
        meter.add(path, file.size)
      }
      await copyFile(join(folder, MANIFEST_FILE), join(staging, MANIFEST_FILE))
      return manifest
    })
  }

  /**
   * Installs a planned pack: its staging folder is named by the pack and the commits, so a download that
   * stopped (network, restart) resumes when the same install is asked again.
   */
  private installPlan(origin: InstallOrigin, plan: PackPlan): Promise<PackInfo> {
    const key = plan.fields.sources.map((s) => `${s.repo}@${s.revision}`).join('+')
    return this.install(origin.source, this.stagingFor(key), async (staging, signal) => {
      await this.refuseInstalled(plan.fields.id)
      return this.stage(origin, plan, staging, signal)
    })
  }

  /**
   * Adds files to an installed pack: fetched and checked in a staging folder, moved in, and the manifest
   * replaced in one rename; if the graphs then fail their check, the old manifest comes back.
   */
  private installInto(origin: InstallOrigin, plan: PackPlan, previous: PackManifest): Promise<PackInfo> {
    const packDir = this.packDir(previous.id)
    return this.install(origin.source, this.stagingFor(`${previous.id}+${origin.source}`), async (staging, signal) => {
      const { manifest } = await this.stage(origin, plan, staging, signal)
      const added = Object.keys(manifest.files).filter((path) => !previous.files[path])
      for (const path of added) {
        await mkdir(dirname(join(packDir, path)), { recursive: true })
        await rename(join(staging, path), join(packDir, path))
      }
      await this.runtime.forget(packDir)
      await writeFile(join(packDir, `${MANIFEST_FILE}.next`), JSON.stringify(manifest, null, 2))
      await rename(join(packDir, `${MANIFEST_FILE}.next`), join(packDir, MANIFEST_FILE))
      try {
        await this.runtime.checkGraphs(packDir)
      } catch (error) {
        await writeFile(join(packDir, MANIFEST_FILE), JSON.stringify(previous, null, 2))
        for (const path of added) await rm(join(packDir, path), { force: true })
        throw error
      }
      return { manifest, inPlace: true }
    })
  }

  private async install(
    source: string,
    staging: string,
    fill: (staging: string, signal: AbortSignal) => Promise<PackManifest | { manifest: PackManifest; verified?: boolean; inPlace?: boolean }>,
  ): Promise<PackInfo> {
    if (this.installs.has(source)) throw new AppError('pack.exists', `${source} is already being installed.`, { source })
    const controller = new AbortController()
    const { signal } = controller
    this.installs.set(source, controller)
    try {
      await mkdir(staging, { recursive: true })
      const filled = await fill(staging, signal)
      const { manifest, verified = false, inPlace = false } = 'manifest' in filled ? filled : { manifest: filled }
      if (inPlace) {
        await rm(staging, { recursive: true, force: true })
        return await this.info(await readManifest(this.packDir(manifest.id)))
      }
      if (!verified) await verifyFiles(staging, manifest, signal)
      if (signal.aborted) throw signal.reason
      const { fixedSize } = await this.runtime.checkGraphs(staging)
      // An export that baked its size in runs only at that size (model-packs.md): the manifest says so.
      const final = fixedSize ? { ...manifest, fixedSize: true, nativeResolution: fixedSize } : manifest
      if (fixedSize) await writeFile(join(staging, MANIFEST_FILE), JSON.stringify(final, null, 2))
      await this.refuseInstalled(manifest.id)
      await rename(staging, this.packDir(manifest.id))
      return await this.info(final)
    } catch (error) {
      const failure = signal.aborted ? new AppError('pack.cancelled', `Installing ${source} was cancelled.`, { source }) : AppError.from(error)
      // Only a network failure keeps the partial download, for the next attempt to resume.
      if (failure.code !== 'pack.download') await rm(staging, { recursive: true, force: true })
      throw failure
    } finally {
      this.installs.delete(source)
    }
  }

  private stage(origin: InstallOrigin, plan: PackPlan, staging: string, signal: AbortSignal) {
    return stagePlan(plan, staging, { origin, modelsDir: this.modelsDir, hub: this.hub, onProgress: this.onProgress, signal })
  }

  private stagingFor(key: string): string {
    return join(this.modelsDir, `.download-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`)
  }

  private async refuseInstalled(id: string): Promise<void> {
    const exists = await stat(this.packDir(id)).then(
      () => true,
      () => false,
    )
    if (exists) throw new AppError('pack.exists', `A pack called ${id} is already installed; remove it first.`, { id })
  }

  private meter(source: string, manifest: PackManifest, phase: InstallProgress['phase']): ProgressMeter {
    const total = Object.values(manifest.files).reduce((sum, file) => sum + file.size, 0)
    return new ProgressMeter(source, total, this.onProgress, phase)
  }

  private async info(manifest: PackManifest): Promise<PackInfo> {
    const files = Object.keys(manifest.files)
    let sizeOnDisk = 0
    for (const path of files) sizeOnDisk += (await stat(join(this.packDir(manifest.id), path)).catch(() => ({ size: 0 }))).size
    const { id, name, family, variant, licence, sources } = manifest
    return { id, name, family, variant, licence, sizeOnDisk, files, sources, ...packAbilities(family, manifest.components) }
  }
}
