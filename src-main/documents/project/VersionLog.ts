import type { Database, Statement } from 'better-sqlite3'
import type { CanvasSize, EditRecord, HistoryEntry, VersionId, VersionRecord } from './types'

interface VersionRow {
  id: number
  parent_id: number | null
  created_at: number
  operation: string
  params: string
  prompt: string | null
  negative_prompt: string | null
  seed: number | null
  model_pack: string | null
  engine: string | null
  mask_ref: string | null
  duration_ms: number | null
}

interface HistoryRow {
  id: number
  parent_id: number | null
  operation: string
  prompt: string | null
  created_at: number
  has_thumbnail: number
  on_head_path: number
  is_head: number
}

/** The head's ancestors, the head included: the versions the user sees as the current history. */
const HEAD_PATH = `
  WITH RECURSIVE head_path(id) AS (
    SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'head'
    UNION ALL
    SELECT versions.parent_id FROM versions JOIN head_path USING (id) WHERE versions.parent_id IS NOT NULL
  )`

const HISTORY_COLUMNS = `
  id, parent_id, operation, prompt, created_at, thumbnail IS NOT NULL AS has_thumbnail,
  id IN (SELECT id FROM head_path) AS on_head_path,
  id = (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'head') AS is_head`

/** The version tree and the head pointer: the rows the history panel lists, searches and moves through. */
export class VersionLog {
  private readonly insertVersion: Statement
  private readonly selectVersion: Statement<[number], VersionRow>
  private readonly selectThumbnail: Statement<[number], Buffer | null>
  private readonly selectCanvas: Statement<[number], CanvasSize>
  private readonly selectLatestChild: Statement<[number], number>
  private readonly selectHead: Statement<[], string>
  private readonly updateHead: Statement<[string]>
  private readonly selectHistory: Statement<[], HistoryRow>
  private readonly selectMatches: Statement<{ pattern: string; operations: string }, HistoryRow>

  constructor(db: Database) {
    this.insertVersion = db.prepare(`
      INSERT INTO versions (parent_id, created_at, operation, params, prompt, negative_prompt, seed, model_pack, engine,
                            mask_ref, duration_ms, thumbnail, canvas_width, canvas_height)
      VALUES (@parentId, @createdAt, @operation, @params, @prompt, @negativePrompt, @seed, @modelPack, @engine,
              @maskRef, @durationMs, @thumbnail, @canvasWidth, @canvasHeight)`)
    this.selectVersion = db.prepare('SELECT * FROM versions WHERE id = ?')
    this.selectThumbnail = db.prepare<[number], Buffer | null>('SELECT thumbnail FROM versions WHERE id = ?').pluck()
    this.selectCanvas = db.prepare('SELECT canvas_width AS width, canvas_height AS height FROM versions WHERE id = ?')
    // Ids grow with creation time, so the highest child is the branch most recently worked on.
    this.selectLatestChild = db.prepare<[number], number>('SELECT max(id) FROM versions WHERE parent_id = ?').pluck()
    this.selectHead = db.prepare<[], string>(`SELECT value FROM meta WHERE key = 'head'`).pluck()
    this.updateHead = db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('head', ?)`)
    this.selectHistory = db.prepare(`${HEAD_PATH} SELECT ${HISTORY_COLUMNS} FROM versions ORDER BY id DESC`)
    // LIKE matches any Unicode substring (e.g. 沙发); only ASCII letters are case-folded, which is all CJK needs.
    // Operation names and parameters are not searched: rows show labels, and "warp" or "layerId" are not what the
    // user reads. The caller names the operations whose labels match (see the contract's history.search).
    this.selectMatches = db.prepare(`${HEAD_PATH} SELECT ${HISTORY_COLUMNS} FROM versions
      WHERE prompt LIKE @pattern ESCAPE '\\' OR negative_prompt LIKE @pattern ESCAPE '\\'
         OR operation IN (SELECT value FROM json_each(@operations))
      ORDER BY id DESC`)
  }

  append(parentId: VersionId | null, record: EditRecord, canvas: CanvasSize): VersionId {
    const result = this.insertVersion.run({
      parentId,
      createdAt: Date.now(),
      operation: record.operation,
      params: JSON.stringify(record.params ?? {}),
      prompt: record.prompt ?? null,
      negativePrompt: record.negativePrompt ?? null,
      seed: record.seed ?? null,
      modelPack: record.modelPack ?? null,
      engine: record.engine ?? null,
      maskRef: record.maskRef ?? null,
      durationMs: record.durationMs ?? null,
      thumbnail: record.thumbnail ?? null,
      canvasWidth: canvas.width,
      canvasHeight: canvas.height,
    })
    return Number(result.lastInsertRowid)
  }

  get(id: VersionId): VersionRecord | undefined {
    const row = this.selectVersion.get(id)
    if (!row) return undefined
    return {
      id: row.id,
      parentId: row.parent_id,
      createdAt: row.created_at,
      operation: row.operation,
      params: JSON.parse(row.params) as Record<string, unknown>,
      ...optional('prompt', row.prompt),
      ...optional('negativePrompt', row.negative_prompt),
      ...optional('seed', row.seed),
      ...optional('modelPack', row.model_pack),
      ...optional('engine', row.engine),
      ...optional('maskRef', row.mask_ref),
      ...optional('durationMs', row.duration_ms),
    }
  }

  thumbnail(id: VersionId): Buffer | null {
    return this.selectThumbnail.get(id) ?? null
  }

  /** The document's size at a version. */
  canvas(id: VersionId): CanvasSize | undefined {
    return this.selectCanvas.get(id)
  }

  latestChild(id: VersionId): VersionId | null {
    return this.selectLatestChild.get(id) ?? null
  }

  head(): VersionId {
    return Number(this.selectHead.get())
  }

  setHead(id: VersionId): void {
    this.updateHead.run(String(id))
  }

  history(): HistoryEntry[] {
    return this.selectHistory.all().map(toEntry)
  }

  search(text: string, operations: readonly string[] = []): HistoryEntry[] {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    return this.selectMatches.all({ pattern, operations: JSON.stringify(operations) }).map(toEntry)
  }
}

function toEntry(row: HistoryRow): HistoryEntry {
  return {
    id: row.id,
    parentId: row.parent_id,
    operation: row.operation,
    prompt: row.prompt,
    createdAt: row.created_at,
    hasThumbnail: row.has_thumbnail === 1,
    onHeadPath: row.on_head_path === 1,
    isHead: row.is_head === 1,
  }
}

function optional<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V }
}
