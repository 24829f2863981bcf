import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { basename, extname, join, resolve } from 'node:path'
import { AppError, type DocumentInfo } from '../../src-shared/contract'
import type { DecodedImage } from '../imaging/decode'
import { ProjectStore, RecentProjects } from './project'

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
  readonly recent: RecentProjects

  constructor(private readonly folders: ProjectFolders) {
    this.recent = new RecentProjects(folders.userDataDir)
  }

  /** A new project for a photo, named after it, beside the others in the projects folder. */
  createFromImage(name: string, image: DecodedImage, thumbnail: Buffer): DocumentInfo {
    mkdirSync(this.folders.projectsDir, { recursive: true })
    const path = freePath(this.folders.projectsDir, basename(name, extname(name)) || 'Untitled')
    const store = ProjectStore.create(path, { name, width: image.width, height: image.height, rgba: image.rgba, thumbnail })
    return this.register(store)
  }

  /** Opens a project file, or answers the document already open on it. */
  openProject(path: string): DocumentInfo {
    const wanted = resolve(path)
    for (const [id, store] of this.stores) if (resolve(store.path) === wanted) return this.info(id)
    if (!existsSync(wanted)) {
      this.recent.remove(wanted)
      throw new AppError('project.notFound', `There is no project at ${wanted}.`, { path: wanted })
    }
    return this.register(ProjectStore.open(wanted))
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

  private register(store: ProjectStore): DocumentInfo {
    const id = randomUUID()
    this.stores.set(id, store)
    this.recent.add(resolve(store.path), store.document().name)
    return this.info(id)
  }
}

/** `dir/stem.zproj`, or `stem 2.zproj`, `stem 3.zproj`… when taken: opening never replaces a project. */
function freePath(dir: string, stem: string): string {
  for (let n = 1; ; n++) {
    const path = join(dir, `${n === 1 ? stem : `${stem} ${n}`}${PROJECT_EXTENSION}`)
    if (!existsSync(path)) return path
  }
}
