import { closeSync, fstatSync, readSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { AppError, type DocumentInfo, type MethodOutput } from '../../src-shared/contract'
import { MAX_FILE_BYTES } from '../../src-shared/limits'
import { fileError, openRegularFile } from './fileChecks'
import type { OpenProjects } from './OpenProjects'
import { isSqliteHeader, removeProjectFile } from './project/projectFile'

/** What opening a file answers: the document, and a photo's screen-sized preview to show while it is stored. */
export type OpenedFile = MethodOutput<'documents.open'>

/** Opens a photo's bytes as a new project; the API layer supplies decoding, so this module stays free of sharp. */
export type OpenImageBytes = (name: string, bytes: Uint8Array) => Promise<OpenedFile>

/**
 * File › Open, a drop or a recent entry by path: a project opens in place, anything else is read as a photo. Decided by
 * the first bytes, not the extension, so a renamed project or a photo called .zproj still opens as what it is.
 */
export async function openFile(projects: OpenProjects, path: string, openImage: OpenImageBytes): Promise<OpenedFile> {
  const fd = openRegularFile(path)
  const head = Buffer.alloc(16)
  let size: number
  try {
    readSync(fd, head, 0, 16, 0)
    size = fstatSync(fd).size
  } finally {
    closeSync(fd)
  }
  if (isSqliteHeader(head)) return { document: projects.openProject(path) }
  if (size > MAX_FILE_BYTES) {
    throw new AppError('image.fileTooLarge', `${path} is larger than ${MAX_FILE_BYTES / 2 ** 20} MB.`, { path, bytes: size })
  }
  const bytes = await readFile(path).catch((error: unknown) => Promise.reject(fileError(error, path)))
  return openImage(basename(path), bytes)
}

/** Refuses a project handed to openImage with a code the UI answers by opening it as a project instead. */
export function refuseProjectAsImage(name: string, bytes: Uint8Array): void {
  if (isSqliteHeader(bytes)) {
    throw new AppError('image.isProject', `${name} is a project, not a photo; open it as a project.`, { name })
  }
}

/**
 * Web mode: a browser hands over a .zproj's bytes, never its path. They are written as a new project in the projects
 * folder (a free name, never replacing one), checked by opening it, and removed again if that fails.
 */
export function importProject(projects: OpenProjects, name: string, bytes: Uint8Array): DocumentInfo {
  if (!isSqliteHeader(bytes)) throw new AppError('project.notSqlite', `${name} is not a project file.`, { path: name })
  const path = projects.freeProjectPath(name)
  try {
    writeFileSync(path, bytes, { flag: 'wx' })
  } catch (error) {
    throw fileError(error, path)
  }
  try {
    return projects.openProject(path)
  } catch (error) {
    removeProjectFile(path)
    throw error
  }
}
