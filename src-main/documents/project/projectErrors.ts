import { AppError } from '../../../src-shared/contract/errors'

/**
 * Turns SQLite's failures into the errors the UI explains. `path` names the project in the message.
 * Codes are SQLite's extended result codes as better-sqlite3 reports them (e.g. SQLITE_READONLY_DBMOVED).
 */
export function projectError(error: unknown, path: string): AppError {
  if (error instanceof AppError) return error
  const code = (error as { code?: unknown }).code
  const reason = error instanceof Error ? error.message : String(error)
  const details = { path, reason }
  if (typeof code === 'string') {
    if (code.startsWith('SQLITE_FULL')) {
      return new AppError('project.diskFull', `No space left to save ${path}; the last saved version is kept.`, details)
    }
    if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM') {
      return new AppError('project.readOnly', `${path} cannot be written; the last saved version is kept.`, details)
    }
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
      return new AppError('project.damaged', `${path} is damaged: ${reason}`, details)
    }
  }
  return AppError.from(error)
}
