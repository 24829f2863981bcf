import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface RecentProject {
  path: string
  name: string
  openedAt: number
}

const LIMIT = 10

/** The projects the user opened last, newest first, kept as a small JSON file in the user-data directory. */
export class RecentProjects {
  private readonly file: string

  constructor(private readonly directory: string) {
    this.file = join(directory, 'recent-projects.json')
  }

  list(): RecentProject[] {
    try {
      const entries: unknown = JSON.parse(readFileSync(this.file, 'utf8'))
      return Array.isArray(entries) ? entries.filter(isRecentProject) : []
    } catch {
      // A missing or unreadable list is an empty one: it is a convenience, never worth an error dialog.
      return []
    }
  }

  add(path: string, name: string): void {
    const others = this.list().filter((entry) => entry.path !== path)
    this.save([{ path, name, openedAt: Date.now() }, ...others].slice(0, LIMIT))
  }

  remove(path: string): void {
    this.save(this.list().filter((entry) => entry.path !== path))
  }

  /**
   * Write then rename, so a crash leaves the old list or the new one, never half of one. A folder that cannot be
   * written (read-only media) just means no list: opening a project must not fail over a convenience.
   */
  private save(entries: RecentProject[]): void {
    const temporary = `${this.file}.${process.pid}.tmp`
    try {
      mkdirSync(this.directory, { recursive: true })
      writeFileSync(temporary, JSON.stringify(entries, null, 2))
      renameSync(temporary, this.file)
    } catch {
      rmSync(temporary, { force: true })
    }
  }
}

function isRecentProject(value: unknown): value is RecentProject {
  const entry = value as RecentProject
  return typeof entry?.path === 'string' && typeof entry.name === 'string' && typeof entry.openedAt === 'number'
}
