import { closeSync, existsSync, fstatSync, openSync, readSync, rmSync, statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { AppError } from '../../../src-shared/contract/errors'
import { fileError, openRegularFile } from '../fileChecks'
import { CURRENT_SCHEMA_VERSION, migrate, PROJECT_APPLICATION_ID } from './migrations'
import { projectError } from './projectErrors'

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')

/** Whether bytes begin as every SQLite database (so every project) does. */
export const isSqliteHeader = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 16)).equals(SQLITE_MAGIC)

/**
 * Opens a project for editing. The file is first examined through a read-only connection, so a file that is not a
 * project, is damaged, or comes from a newer release is refused without a byte of it being written.
 */
export function openProjectFile(path: string, readOnly: boolean): Database.Database {
  const schemaVersion = inspectProjectFile(path)
  let db: Database.Database | undefined
  try {
    db = new Database(path, { fileMustExist: true, readonly: readOnly })
    if (readOnly) {
      if (schemaVersion < CURRENT_SCHEMA_VERSION) {
        throw new AppError('project.readOnly', `${path} needs upgrading by this release but was opened read-only.`, { path })
      }
      return db
    }
    configure(db)
    migrate(db)
    return db
  } catch (error) {
    db?.close()
    throw projectError(error, path)
  }
}

/**
 * A new, empty project at the current schema. Refuses to replace an existing file. The file is claimed with an
 * exclusive create, so it is ours, and removed with its -wal and -shm if anything fails (a full disk, say): a failed
 * create must not leave a 0-byte project behind to take the name.
 */
export function createProjectFile(path: string): Database.Database {
  try {
    closeSync(openSync(path, 'wx'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('project.exists', `${path} already exists.`, { path })
    throw fileError(error, path)
  }
  let db: Database.Database | undefined
  try {
    db = new Database(path)
    configure(db)
    migrate(db)
    return db
  } catch (error) {
    db?.close()
    removeProjectFile(path)
    throw projectError(error, path)
  }
}

/** Removes a project file and the -wal and -shm SQLite keeps beside it. */
export function removeProjectFile(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
}

/**
 * WAL with synchronous=NORMAL: a commit is appended to the WAL and returns without fsync. The OS holds those writes
 * once write() returns, so a killed process loses nothing that committed; a power cut may lose the last commits
 * but never corrupts the file. FULL would add an fsync to every brush stroke, which the 50 ms budget cannot afford.
 */
function configure(db: Database.Database): void {
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
}

/** Checks a file is an intact project this release can read; answers its schema version. Writes nothing. */
function inspectProjectFile(path: string): number {
  if (!existsSync(path)) throw new AppError('project.notFound', `${path} does not exist.`, { path })
  checkHeader(path)
  // A read-only connection to a WAL file creates empty -wal and -shm files and leaves them; a file we refuse
  // must be left as we found it, so remove the ones this check created (ones left by a crash hold data: kept).
  const created = ['-wal', '-shm'].map((suffix) => path + suffix).filter((file) => !existsSync(file))
  let db: Database.Database | undefined
  try {
    db = new Database(path, { readonly: true, fileMustExist: true })
    const applicationId = db.pragma('application_id', { simple: true })
    if (applicationId !== PROJECT_APPLICATION_ID) {
      throw new AppError('project.notProject', `${path} is a SQLite database but not a project.`, { path })
    }
    const schemaVersion = db.pragma('user_version', { simple: true }) as number
    if (schemaVersion > CURRENT_SCHEMA_VERSION) {
      throw new AppError(
        'project.newerSchema',
        `${path} was saved by a newer release (schema ${schemaVersion}; this release reads up to ${CURRENT_SCHEMA_VERSION}).`,
        { path, schemaVersion, supported: CURRENT_SCHEMA_VERSION },
      )
    }
    const problems = db.pragma('quick_check', { simple: false }) as { quick_check: string }[]
    if (problems[0]?.quick_check !== 'ok') {
      const reason = problems.map((row) => row.quick_check).join('; ')
      throw new AppError('project.damaged', `${path} is damaged: ${reason}`, { path, reason })
    }
    return schemaVersion
  } catch (error) {
    throw projectError(error, path)
  } finally {
    db?.close()
    for (const file of created) if (existsSync(file) && (file.endsWith('-shm') || statSync(file).size === 0)) rmSync(file)
  }
}

/** The 100-byte SQLite header: the magic string, and a file at least as long as the pages it claims. */
function checkHeader(path: string): void {
  const header = Buffer.alloc(100)
  const fd = openRegularFile(path)
  let read: number
  let size: number
  try {
    read = readSync(fd, header, 0, 100, 0)
    size = fstatSync(fd).size
  } finally {
    closeSync(fd)
  }
  if (read < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw new AppError('project.notSqlite', `${path} is not a project file.`, { path })
  }
  const rawPageSize = header.readUInt16BE(16)
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
  // The in-header page count is trustworthy only when written by the same transaction as the change counter, and
  // only without a WAL: a checkpoint killed midway leaves the file short, and the WAL still holds the missing pages.
  const pageCountValid = header.readUInt32BE(92) === header.readUInt32BE(24)
  const pageCount = header.readUInt32BE(28)
  const walHoldsPages = existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0
  if (pageCountValid && !walHoldsPages && size < pageCount * pageSize) {
    throw new AppError('project.damaged', `${path} is damaged: it is shorter than its ${pageCount} pages.`, { path })
  }
}
