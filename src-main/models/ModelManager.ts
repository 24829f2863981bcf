import { createHash, randomUUID } from 'node:crypto'
import { copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { AppError, type PackInfo, type PackManifest } from '../../src-shared/contract'
import { downloadFile } from './download'
import { fetchManifest, fileUrl } from './fetchManifest'
import { MANIFEST_FILE, readManifest } from './manifest'
import { ProgressMeter, type InstallProgress } from './progressMeter'
import { verifyFiles } from './verifyFiles'

/** What installing and removing need from the compute host, where graphs load. */
export interface PackRuntime {
  /** Loads every graph of a pack folder and checks it against its family's layout; throws pack.badGraph. */
  checkGraphs(packDir: string): Promise<void>
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

  packDir(id: string): string {
    return join(this.modelsDir, id)
  }

  installFromFolder(folder: string): Promise<PackInfo> {
    return this.install(folder, join(this.modelsDir, `.staging-${randomUUID()}`), async (staging, signal) => {
      const manifest = await readManifest(folder)
      await this.refuseInstalled(manifest)
      const meter = this.meter(folder, manifest)
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
   * Downloads a pack folder served over HTTP(S). Its partial files wait in a folder named after the URL, so
   * an install that failed on the network resumes where it stopped when asked again.
   */
  installFromUrl(url: string): Promise<PackInfo> {
    const base = url.replace(/\/+$/, '')
    const staging = join(this.modelsDir, `.download-${createHash('sha256').update(base).digest('hex').slice(0, 16)}`)
    return this.install(url, staging, async (staging, signal) => {
      const { manifest, text } = await fetchManifest(base, signal)
      await this.refuseInstalled(manifest)
      await writeFile(join(staging, MANIFEST_FILE), text)
      const meter = this.meter(url, manifest)
      for (const [path, file] of Object.entries(manifest.files)) {
        await mkdir(dirname(join(staging, path)), { recursive: true })
        await downloadFile(fileUrl(base, path), join(staging, path), file.size, (bytes, fromDisk) => meter.add(path, bytes, fromDisk), signal)
      }
      return manifest
    })
  }

  /** Aborts the install from `source` (a folder or URL); it fails with pack.cancelled and leaves nothing behind. */
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

  private async install(source: string, staging: string, fill: (staging: string, signal: AbortSignal) => Promise<PackManifest>): Promise<PackInfo> {
    if (this.installs.has(source)) throw new AppError('pack.exists', `${source} is already being installed.`, { source })
    const controller = new AbortController()
    const { signal } = controller
    this.installs.set(source, controller)
    try {
      await mkdir(staging, { recursive: true })
      const manifest = await fill(staging, signal)
      await verifyFiles(staging, manifest, signal)
      if (signal.aborted) throw signal.reason
      await this.runtime.checkGraphs(staging)
      await this.refuseInstalled(manifest)
      await rename(staging, this.packDir(manifest.id))
      return await this.info(manifest)
    } catch (error) {
      const failure = signal.aborted ? new AppError('pack.cancelled', `Installing ${source} was cancelled.`, { source }) : AppError.from(error)
      // Only a network failure keeps the partial download, for the next attempt to resume.
      if (failure.code !== 'pack.download') await rm(staging, { recursive: true, force: true })
      throw failure
    } finally {
      this.installs.delete(source)
    }
  }

  private async refuseInstalled(manifest: PackManifest): Promise<void> {
    const exists = await stat(this.packDir(manifest.id)).then(
      () => true,
      () => false,
    )
    if (exists) throw new AppError('pack.exists', `A pack called ${manifest.id} is already installed; remove it first.`, { id: manifest.id })
  }

  private meter(source: string, manifest: PackManifest): ProgressMeter {
    const total = Object.values(manifest.files).reduce((sum, file) => sum + file.size, 0)
    return new ProgressMeter(source, total, this.onProgress)
  }

  private async info(manifest: PackManifest): Promise<PackInfo> {
    const files = Object.keys(manifest.files)
    let sizeOnDisk = 0
    for (const path of files) sizeOnDisk += (await stat(join(this.packDir(manifest.id), path)).catch(() => ({ size: 0 }))).size
    const { id, name, family, variant, licence } = manifest
    return { id, name, family, variant, licence, sizeOnDisk, files }
  }
}
