import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, linkSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { AppError } from '../../../src-shared/contract/errors'
import { canWrite, checkRegularFile, fileError } from '../fileChecks'

/**
 * Refuses, before a byte is copied, a Save as target that cannot work: a missing or read-only folder, something
 * that is not a regular file, or an existing file without `overwrite` (project.exists: the UI asks first).
 */
export function checkSaveTarget(target: string, overwrite: boolean): void {
  const folder = dirname(target)
  const folderStats = statSync(folder, { throwIfNoEntry: false })
  if (!folderStats) throw new AppError('project.notFound', `The folder ${folder} does not exist.`, { path: folder })
  if (!folderStats.isDirectory()) throw new AppError('project.notAFile', `${folder} is not a folder.`, { path: folder })
  if (!canWrite(folder)) throw new AppError('project.readOnly', `The folder ${folder} cannot be written.`, { path: folder })
  const existing = statSync(target, { throwIfNoEntry: false })
  if (!existing) return
  if (!existing.isFile()) throw new AppError('project.notAFile', `${target} is not a regular file; it cannot be replaced.`, { path: target })
  if (!overwrite) throw new AppError('project.exists', `${target} already exists.`, { path: target })
}

/** A name beside `target` (same folder, so the final rename cannot cross file systems), hidden and unique. */
export function temporaryBeside(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.partial`)
}

/**
 * Moves a complete `temporary` file to `target`. Without overwrite a hard link claims the name atomically, so a file
 * that appeared since the check is never replaced; file systems without hard links fall back to a checked rename.
 * With overwrite, the replaced project's stale -wal and -shm go too: SQLite would replay them onto the new file.
 */
export function placeFile(temporary: string, target: string, overwrite: boolean): void {
  if (overwrite) {
    for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true })
    renameSync(temporary, target)
    return
  }
  try {
    linkSync(temporary, target)
    unlinkSync(temporary)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') throw new AppError('project.exists', `${target} already exists.`, { path: target })
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw fileError(error, target)
    if (existsSync(target)) throw new AppError('project.exists', `${target} already exists.`, { path: target })
    renameSync(temporary, target)
  }
}

/** Copies a project (and a WAL a crash left, which holds committed versions) into `folder`; answers the copy. */
export function copyForViewing(path: string, folder: string): string {
  checkRegularFile(path)
  const copy = join(folder, 'view.zproj')
  copyFileSync(path, copy)
  const wal = `${path}-wal`
  if (statSync(wal, { throwIfNoEntry: false })?.isFile()) copyFileSync(wal, `${copy}-wal`)
  return copy
}
