import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import Database from 'better-sqlite3'
import {
  AppError,
  Recipe,
  batchItemStatuses,
  type AppErrorData,
  type BatchInfo,
  type BatchItem,
  type BatchItemStatus,
  type BatchState,
} from '../../src-shared/contract'

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS items (
    idx INTEGER PRIMARY KEY,
    input TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'pending',
    error TEXT,
    started_at INTEGER,
    finished_at INTEGER,
    duration_ms INTEGER,
    outputs TEXT NOT NULL DEFAULT '[]',
    project TEXT,
    thumbnail BLOB,
    attempts INTEGER NOT NULL DEFAULT 0
  );`

interface ItemRow {
  idx: number
  input: string
  status: BatchItemStatus
  error: string | null
  started_at: number | null
  finished_at: number | null
  duration_ms: number | null
  outputs: string
  project: string | null
  has_thumbnail: number
}

export interface FinishedItem {
  status: 'done' | 'failed' | 'skipped'
  error?: AppErrorData
  outputs?: BatchItem['outputs']
  project?: string
  thumbnail?: Buffer
}

/**
 * One batch's state in its own SQLite file (WAL): the recipe, the output folder, and each photo's status, error,
 * times, outputs and thumbnail. Every change is one small transaction, so a crash or a kill loses at most the photo
 * in progress, which reopening puts back to pending.
 */
export class BatchStore {
  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {}

  /**
   * Opens the batch at `path`, creating it for `recipe` and `outDir` when it does not exist. An existing batch with
   * another recipe is refused: its outputs would be skipped as complete though they are not this recipe's.
   */
  static open(path: string, created?: { recipe: Recipe; outDir: string; workers: number }): BatchStore {
    mkdirSync(dirname(path), { recursive: true })
    const db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.pragma('busy_timeout = 5000')
    db.exec(SCHEMA)
    const store = new BatchStore(db, path)
    const existing = store.meta('recipe')
    if (existing === undefined) {
      if (!created) {
        db.close()
        throw new AppError('batch.notFound', `There is no batch at ${path}.`, { path })
      }
      const set = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)')
      db.transaction(() => {
        set.run('id', randomUUID())
        set.run('recipe', JSON.stringify(created.recipe))
        set.run('outDir', created.outDir)
        set.run('state', 'paused')
        set.run('workers', String(created.workers))
        set.run('createdAt', String(Date.now()))
      })()
    } else if (created && existing !== JSON.stringify(created.recipe)) {
      db.close()
      throw new AppError('batch.otherRecipe', `${created.outDir} already holds a batch of another recipe; choose another output folder.`, { path })
    }
    // A photo marked running when the file was last closed was interrupted: it is redone.
    db.prepare(`UPDATE items SET status = 'pending' WHERE status = 'running'`).run()
    return store
  }

  close(): void {
    this.db.close()
  }

  /** Adds the photos not in the batch yet, after those already there. */
  addInputs(inputs: string[]): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO items (input) VALUES (?)')
    this.db.transaction(() => inputs.forEach((input) => insert.run(input)))()
  }

  get recipe(): Recipe {
    return Recipe.parse(JSON.parse(this.meta('recipe')!))
  }

  get outDir(): string {
    return this.meta('outDir')!
  }

  get state(): BatchState {
    return this.meta('state') as BatchState
  }

  setState(state: BatchState): void {
    this.db.prepare(`UPDATE meta SET value = ? WHERE key = 'state'`).run(state)
  }

  setWorkers(workers: number): void {
    this.db.prepare(`UPDATE meta SET value = ? WHERE key = 'workers'`).run(String(workers))
  }

  info(): BatchInfo {
    const counts = Object.fromEntries(batchItemStatuses.map((status) => [status, 0])) as BatchInfo['counts']
    for (const row of this.db.prepare('SELECT status, COUNT(*) AS n FROM items GROUP BY status').all() as { status: BatchItemStatus; n: number }[]) counts[row.status] = row.n
    return {
      id: this.meta('id')!,
      database: this.path,
      recipe: this.recipe,
      outDir: this.outDir,
      state: this.state,
      workers: Number(this.meta('workers')),
      counts,
      createdAt: Number(this.meta('createdAt')),
    }
  }

  items(): BatchItem[] {
    return (this.db.prepare(`${SELECT_ITEM} ORDER BY idx`).all() as ItemRow[]).map(toItem)
  }

  item(index: number): BatchItem {
    const row = this.db.prepare(`${SELECT_ITEM} WHERE idx = ?`).get(index) as ItemRow | undefined
    if (!row) throw new AppError('batch.notFound', `The batch has no photo ${index}.`, { index })
    return toItem(row)
  }

  /** The photos still to do, in order; failed ones too when retrying. */
  todo(retryFailed = false): number[] {
    const statuses = retryFailed ? `('pending', 'failed')` : `('pending')`
    return (this.db.prepare(`SELECT idx FROM items WHERE status IN ${statuses} ORDER BY idx`).all() as { idx: number }[]).map((row) => row.idx)
  }

  start(index: number): BatchItem {
    this.db.prepare(`UPDATE items SET status = 'running', error = NULL, started_at = ?, finished_at = NULL, attempts = attempts + 1 WHERE idx = ?`).run(Date.now(), index)
    return this.item(index)
  }

  /** Back to pending: the photo was abandoned by a cancel, and a resume does it again. */
  abandon(index: number): BatchItem {
    this.db.prepare(`UPDATE items SET status = 'pending', started_at = NULL WHERE idx = ?`).run(index)
    return this.item(index)
  }

  finish(index: number, result: FinishedItem, durationMs: number): BatchItem {
    this.db
      .prepare(`UPDATE items SET status = ?, error = ?, finished_at = ?, duration_ms = ?, outputs = ?, project = ?, thumbnail = ? WHERE idx = ?`)
      .run(result.status, result.error ? JSON.stringify(result.error) : null, Date.now(), Math.round(durationMs), JSON.stringify(result.outputs ?? []), result.project ?? null, result.thumbnail ?? null, index)
    return this.item(index)
  }

  /** How many times each photo was started: a resume that redoes finished work shows here. */
  attempts(): Map<string, number> {
    return new Map((this.db.prepare('SELECT input, attempts FROM items').all() as { input: string; attempts: number }[]).map((row) => [row.input, row.attempts]))
  }

  thumbnail(index: number): Buffer | null {
    const row = this.db.prepare('SELECT thumbnail FROM items WHERE idx = ?').get(index) as { thumbnail: Buffer | null } | undefined
    return row?.thumbnail ?? null
  }

  private meta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value
  }
}

const SELECT_ITEM = `SELECT idx, input, status, error, started_at, finished_at, duration_ms, outputs, project, thumbnail IS NOT NULL AS has_thumbnail FROM items`

function toItem(row: ItemRow): BatchItem {
  return {
    index: row.idx,
    input: row.input,
    name: basename(row.input),
    status: row.status,
    ...(row.error ? { error: JSON.parse(row.error) as AppErrorData } : {}),
    ...(row.started_at ? { startedAt: row.started_at } : {}),
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    ...(row.duration_ms !== null ? { durationMs: row.duration_ms } : {}),
    outputs: JSON.parse(row.outputs) as BatchItem['outputs'],
    ...(row.project ? { project: row.project } : {}),
    hasThumbnail: row.has_thumbnail === 1,
  }
}
