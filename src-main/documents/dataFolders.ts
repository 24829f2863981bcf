import { mkdirSync } from 'node:fs'
import { canWrite, nearestExisting } from './fileChecks'
import type { ProjectFolders } from './OpenProjects'

/**
 * Creates the data folders at start-up where it can. A folder that cannot be created or written (read-only media, no
 * permission) is no reason not to start: existing projects still open read-only. Answers the message to show then.
 */
export function prepareDataFolders(folders: ProjectFolders): string | undefined {
  const problems: string[] = []
  for (const folder of new Set([folders.userDataDir, folders.projectsDir])) {
    try {
      mkdirSync(folder, { recursive: true })
    } catch (error) {
      // A recursive mkdir on read-only media reports ENOENT; the folder it could not write in says why.
      problems.push(`${folder} (${canWrite(nearestExisting(folder)) ? ((error as NodeJS.ErrnoException).code ?? String(error)) : 'read-only'})`)
      continue
    }
    if (!canWrite(folder)) problems.push(`${folder} (read-only)`)
  }
  if (problems.length === 0) return undefined
  return `Cannot write ${problems.join(', ')}: new projects and settings cannot be saved; existing projects open read-only.`
}
