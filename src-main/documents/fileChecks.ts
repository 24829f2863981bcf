import { accessSync, closeSync, constants, fstatSync, openSync, realpathSync, statSync, type Stats } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { AppError } from '../../src-shared/contract/errors'

/**
 * Opens `path` for reading only if it is a regular file. O_NONBLOCK makes the open of a named pipe (or /dev/stdin)
 * return at once instead of blocking main in the kernel until a writer appears; fstat then tells what was opened,
 * so a file swapped for a pipe after a stat cannot slip through. The caller closes the descriptor.
 */
export function openRegularFile(path: string): number {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    throw fileError(error, path)
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd)
    throw notAFile(path)
  }
  return fd
}

/** Throws project.notAFile unless `path` (followed through symlinks) is a regular file; project.notFound if missing. */
export function checkRegularFile(path: string): Stats {
  let stats: Stats
  try {
    stats = statSync(path)
  } catch (error) {
    throw fileError(error, path)
  }
  if (!stats.isFile()) throw notAFile(path)
  return stats
}

/** The file's identity, whatever name reaches it (symlink, hard link, `..`); undefined when there is none. */
export function fileIdentity(path: string): string | undefined {
  const stats = statSync(path, { throwIfNoEntry: false })
  return stats ? `${stats.dev}:${stats.ino}` : undefined
}

/** Whether this process may write `path`. As root only a read-only mount (EROFS) says no, which is the case that matters. */
export function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK)
    return true
  } catch {
    return false
  }
}

/** `path` or its closest ancestor that exists: where a folder that cannot be created would have been made. */
export function nearestExisting(path: string): string {
  let existing = path
  while (!statSync(existing, { throwIfNoEntry: false }) && dirname(existing) !== existing) existing = dirname(existing)
  return existing
}

/** A file-system failure as the error the UI explains. */
export function fileError(error: unknown, path: string): AppError {
  if (error instanceof AppError) return error
  const code = (error as NodeJS.ErrnoException).code
  const details = { path, reason: error instanceof Error ? error.message : String(error) }
  if (code === 'ENOENT') return new AppError('project.notFound', `There is no file at ${path}.`, details)
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new AppError('project.readOnly', `${path} cannot be written (read-only media or no permission).`, details)
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') return new AppError('project.diskFull', `No space left to write ${path}.`, details)
  if (code === 'EISDIR' || code === 'ENOTDIR') return notAFile(path)
  return AppError.from(error)
}

function notAFile(path: string): AppError {
  return new AppError('project.notAFile', `${path} is not a regular file (a folder, pipe or device cannot be opened).`, { path })
}

/**
 * Whether `path` names the project file `project` or one of its SQLite sidecars, by identity (dev+ino), so no other
 * spelling — a symlink, a hard link, `..` — slips past. A path that does not exist yet is compared after resolving
 * its folder, for the sidecars that may not exist at this moment.
 */
export function isProjectFile(path: string, project: string): boolean {
  const files = ['', '-wal', '-shm', '-journal'].map((suffix) => project + suffix)
  const identity = fileIdentity(path)
  if (identity) return files.some((file) => fileIdentity(file) === identity)
  const folder = realpathOrUndefined(dirname(path))
  const projectFolder = realpathOrUndefined(dirname(project))
  if (!folder || !projectFolder) return false
  const resolved = join(folder, basename(path))
  return files.some((file) => join(projectFolder, basename(file)) === resolved)
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch {
    return undefined
  }
}
