import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { AppError, type DocumentInfo } from '../../src-shared/contract'
import { canWrite, checkRegularFile, fileError, fileIdentity, isProjectFile, nearestExisting } from './fileChecks'
import type { DecodedImage } from '../imaging/decode'
import { ProjectStore, RecentProjects } from './project'
import { DEFAULT_PROPERTIES } from './project/applyLayerEdits'
import { removeProjectFile } from './project/projectFile'

export const PROJECT_EXTENSION = '.zproj'

export interface ProjectFolders {
  /** Where a photo's new project is created ("Documents/Z-Image Editor" by default). */
  projectsDir: string
  /** Where the recent-projects list lives. */
  userDataDir: string
}

/** The projects main has open, by document id, and the recent-projects list. Every edit goes to its store. */
export class OpenProjects {
  private readonly stores = new Map<string, ProjectStore>()
  /** Photos being stored (opened, their tiles not yet written), by document id: what they will be, and when. */
  private readonly storing = new Map<string, { info: DocumentInfo; stored: Promise<void> }>()
  readonly recent: RecentProjects

  constructor(private readonly folders: ProjectFolders) {
    this.recent = new RecentProjects(folders.userDataDir)
  }

  /** A new project for a photo decoded here, named after it, beside the others in the projects folder. */
  createFromImage(name: string, image: DecodedImage, thumbnail: Buffer, layerName?: string): DocumentInfo {
    const path = this.freeProjectPath(name)
    const store = ProjectStore.create(path, { name, width: image.width, height: image.height, rgba: image.rgba, thumbnail, layerName })
    return this.register(store)
  }

  /**
   * A photo's new project at `path` whose tiles another process is writing (`store`): the document is answered at
   * once, as version 1 will be, and registered under its id when `store` resolves. Until then every call on it waits
   * (`whenStored`), so an edit made the moment it shows applies to the stored photo; a failed store removes the file.
   */
  openStoring(path: string, image: { name: string; width: number; height: number; layerName?: string }, store: () => Promise<void>): DocumentInfo {
    const id = randomUUID()
    const { width, height } = image
    const layer = { ...DEFAULT_PROPERTIES, id: 'background', kind: 'raster' as const, name: image.layerName ?? 'Background', width, height }
    const info: DocumentInfo = { id, name: image.name, path, readOnly: false, width, height, head: 1, canUndo: false, canRedo: false, layers: [layer] }
    const stored = store().then(
      () => {
        this.register(ProjectStore.open(path), id)
        this.storing.delete(id)
      },
      (error: unknown) => {
        // Kept until asked, so the next call on the document learns why it never opened.
        removeProjectFile(path)
        throw error
      },
    )
    stored.catch(() => {})
    this.storing.set(id, { info, stored })
    return info
  }

  /** Resolves when the document's photo is stored (at once for any other); rejects, once, with why storing failed. */
  async whenStored(documentId: string): Promise<void> {
    const pending = this.storing.get(documentId)
    if (!pending) return
    try {
      await pending.stored
    } catch (error) {
      this.storing.delete(documentId)
      throw error
    }
  }

  /** Every photo still being stored, settled. */
  async allStored(): Promise<void> {
    await Promise.allSettled([...this.storing.values()].map((pending) => pending.stored))
  }

  /** A free `<name>.zproj` in the projects folder, which must be writable: named, not "internal", when it is not. */
  freeProjectPath(name: string): string {
    const folder = this.folders.projectsDir
    try {
      mkdirSync(folder, { recursive: true })
    } catch (error) {
      // A recursive mkdir on read-only media says ENOENT; the folder it could not write in tells the truth.
      throw projectsFolderError(canWrite(nearestExisting(folder)) ? error : undefined, folder)
    }
    if (!canWrite(folder)) throw projectsFolderError(undefined, folder)
    // A name whose project is still being written is taken too, though its file may not exist yet.
    const taken = new Set([...this.storing.values()].map((pending) => pending.info.path))
    return freePath(folder, basename(name, extname(name)) || 'Untitled', taken)
  }

  /**
   * Opens a project file, or answers the document already open on it (the same file under any name). A file this
   * process cannot write opens read-only, for viewing; one in a folder it cannot write (read-only media), from a copy.
   */
  openProject(path: string): DocumentInfo {
    const wanted = resolve(path)
    const identity = fileIdentity(wanted)
    for (const [id, store] of this.stores) if (identity && fileIdentity(store.path) === identity) return this.info(id)
    if (!existsSync(wanted)) {
      this.recent.remove(wanted)
      throw new AppError('project.notFound', `There is no project at ${wanted}.`, { path: wanted })
    }
    checkRegularFile(wanted)
    const folderWritable = canWrite(dirname(wanted))
    const readOnly = !folderWritable || !canWrite(wanted)
    return this.register(ProjectStore.open(wanted, { readOnly, viewCopy: !folderWritable }))
  }

  /** Save as for any open document: never onto a project that is open (its history would be replaced under it). */
  async saveAs(documentId: string, path: string, overwrite: boolean): Promise<string> {
    const target = resolve(path)
    for (const [id, store] of this.stores) {
      if (isProjectFile(target, store.path)) {
        const which = id === documentId ? 'this project itself' : `the open project “${store.document().name}”`
        throw new AppError('project.inUse', `${target} is ${which}; Save as needs another file.`, { path: target })
      }
    }
    await this.store(documentId).saveAs(target, overwrite)
    return target
  }

  /** A free "<name> copy.zproj" beside the project, or in the projects folder when its own folder is read-only. */
  suggestSaveAsPath(documentId: string): string {
    const { path } = this.store(documentId)
    const folder = canWrite(dirname(path)) ? dirname(path) : this.folders.projectsDir
    return freePath(folder, `${basename(path, extname(path))} copy`)
  }

  store(documentId: string): ProjectStore {
    const store = this.stores.get(documentId)
    if (!store) throw new AppError('document.notFound', 'That document is not open.')
    return store
  }

  info(documentId: string): DocumentInfo {
    const store = this.store(documentId)
    const { name, width, height } = store.document()
    return {
      id: documentId,
      name,
      path: store.path,
      readOnly: store.readOnly,
      width,
      height,
      head: store.head,
      canUndo: store.canUndo,
      canRedo: store.canRedo,
      layers: store.layers(),
    }
  }

  list(): DocumentInfo[] {
    return [...this.stores.keys()].map((id) => this.info(id))
  }

  close(documentId: string): void {
    this.stores.get(documentId)?.close()
    this.stores.delete(documentId)
  }

  closeAll(): void {
    for (const id of [...this.stores.keys()]) this.close(id)
  }

  private register(store: ProjectStore, id: string = randomUUID()): DocumentInfo {
    this.stores.set(id, store)
    this.recent.add(resolve(store.path), store.document().name)
    return this.info(id)
  }
}

function projectsFolderError(error: unknown, folder: string): AppError {
  const mapped = error ? fileError(error, folder) : undefined
  if (mapped && mapped.code !== 'project.readOnly') return mapped
  return new AppError('project.readOnly', `The projects folder ${folder} cannot be written, so no new project can be created there.`, {
    path: folder,
  })
}

/** `dir/stem.zproj`, or `stem 2.zproj`, `stem 3.zproj`… when taken: opening never replaces a project. */
function freePath(dir: string, stem: string, taken: ReadonlySet<string> = new Set()): string {
  for (let n = 1; ; n++) {
    const path = join(dir, `${n === 1 ? stem : `${stem} ${n}`}${PROJECT_EXTENSION}`)
    if (!existsSync(path) && !taken.has(path)) return path
  }
}
