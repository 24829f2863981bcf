import type { Database } from 'better-sqlite3'

/** Marks a SQLite file as one of our projects (PRAGMA application_id), so another app's database is never migrated. */
export const PROJECT_APPLICATION_ID = 0x5a494544 // 'ZIED'

/**
 * Numbered schema changes; migration n brings `PRAGMA user_version` from n-1 to n.
 * Append only: a file written by any earlier release must open by replaying the tail of this list.
 */
export const migrations: readonly string[] = [
  // 1: the layered document and its version tree.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

  CREATE TABLE document (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    width INTEGER NOT NULL CHECK (width > 0),
    height INTEGER NOT NULL CHECK (height > 0),
    colour_space TEXT NOT NULL CHECK (colour_space = 'srgb')
  );

  CREATE TABLE layers (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('raster', 'mask'))
  ) WITHOUT ROWID;

  -- Immutable pixels, named by the SHA-256 of their size and RGBA bytes, so equal tiles are stored once.
  CREATE TABLE tiles (
    hash BLOB PRIMARY KEY CHECK (length(hash) = 32),
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    pixels BLOB NOT NULL
  );

  CREATE TABLE versions (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES versions(id),
    created_at INTEGER NOT NULL,
    operation TEXT NOT NULL,
    params TEXT NOT NULL CHECK (json_valid(params)),
    prompt TEXT,
    negative_prompt TEXT,
    seed INTEGER,
    model_pack TEXT,
    engine TEXT,
    mask_ref TEXT,
    duration_ms REAL
  );
  CREATE INDEX versions_by_parent ON versions(parent_id);

  -- A layer as some version left it; written only by the version that changed it, then shared by its descendants.
  CREATE TABLE layer_states (
    id INTEGER PRIMARY KEY,
    layer_id TEXT NOT NULL REFERENCES layers(id),
    name TEXT NOT NULL,
    visible INTEGER NOT NULL,
    opacity REAL NOT NULL CHECK (opacity BETWEEN 0 AND 1),
    blend_mode TEXT NOT NULL,
    offset_x INTEGER NOT NULL,
    offset_y INTEGER NOT NULL,
    locked INTEGER NOT NULL,
    width INTEGER NOT NULL CHECK (width > 0),
    height INTEGER NOT NULL CHECK (height > 0),
    tile_grid BLOB NOT NULL -- 32-byte tile hashes, row-major
  );

  -- Every version's layer stack, bottom first: a few small rows per version, so any version reads in one query
  -- instead of walking its ancestors. A layer missing here was removed by (or not yet added in) that version.
  CREATE TABLE version_layers (
    version_id INTEGER NOT NULL REFERENCES versions(id),
    position INTEGER NOT NULL,
    layer_id TEXT NOT NULL REFERENCES layers(id),
    state_id INTEGER NOT NULL REFERENCES layer_states(id),
    PRIMARY KEY (version_id, position),
    UNIQUE (version_id, layer_id)
  ) WITHOUT ROWID;

  PRAGMA application_id = ${PROJECT_APPLICATION_ID};
  `,
  // 2: a small preview of each version for the history panel.
  `ALTER TABLE versions ADD COLUMN thumbnail BLOB;`,
  // 3: the canvas size per version, so crop and outpaint are versions like any other. The document table keeps
  // the size the photo was opened at; versions written before this migration all had it.
  `
  ALTER TABLE versions ADD COLUMN canvas_width INTEGER CHECK (canvas_width > 0);
  ALTER TABLE versions ADD COLUMN canvas_height INTEGER CHECK (canvas_height > 0);
  UPDATE versions SET canvas_width = (SELECT width FROM document), canvas_height = (SELECT height FROM document);
  `,
  // 4: layer masks: a grid of mask tiles beside the layer's (same size, shared across versions like pixel tiles).
  `
  ALTER TABLE layer_states ADD COLUMN mask_grid BLOB;
  ALTER TABLE layer_states ADD COLUMN mask_enabled INTEGER NOT NULL DEFAULT 1;
  `,
]

export const CURRENT_SCHEMA_VERSION = migrations.length

/** Replays the migrations the file lacks, each in its own transaction with its version number. */
export function migrate(db: Database, target = CURRENT_SCHEMA_VERSION): void {
  const from = db.pragma('user_version', { simple: true }) as number
  for (let version = from + 1; version <= target; version++) {
    db.transaction(() => {
      db.exec(migrations[version - 1])
      db.pragma(`user_version = ${version}`)
    })()
  }
}
