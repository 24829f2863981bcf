import type { Database, Statement } from 'better-sqlite3'
import { AppError } from '../../../src-shared/contract/errors'
import { TileCache } from './TileCache'
import { decodeTilePixels, encodeTilePixels } from './tileCodec'

/** A tile ready to be written: hashed and encoded outside the commit's transaction. */
export interface NewTile {
  hash: Buffer
  width: number
  height: number
  /** The decoded pixels, kept for the cache; absent for a tile encoded in another process. */
  rgba?: Buffer
  encoded: Buffer
}

interface TileRow {
  width: number
  height: number
  pixels: Buffer
}

/** The project's tiles: content-addressed, written once, read through a byte-bounded cache of decoded pixels. */
export class TileStore {
  private readonly cache: TileCache
  private readonly select: Statement<[Buffer], TileRow>
  private readonly exists: Statement<[Buffer], unknown>
  private readonly insert: Statement<[Buffer, number, number, Buffer]>

  constructor(db: Database, cacheBytes: number) {
    this.cache = new TileCache(cacheBytes)
    this.select = db.prepare('SELECT width, height, pixels FROM tiles WHERE hash = ?')
    this.exists = db.prepare('SELECT 1 FROM tiles WHERE hash = ?').pluck()
    this.insert = db.prepare('INSERT OR IGNORE INTO tiles (hash, width, height, pixels) VALUES (?, ?, ?, ?)')
  }

  /** Decoded RGBA of a tile. The Buffer is shared with the cache: read it, never write to it. */
  read(hash: Buffer): Buffer {
    const key = hash.toString('hex')
    const cached = this.cache.get(key)
    if (cached) return cached
    const row = this.select.get(hash)
    if (!row) throw new AppError('project.damaged', `The project lacks tile ${key}.`, { tile: key })
    let rgba: Buffer
    try {
      rgba = decodeTilePixels(row.pixels, row.width, row.height)
    } catch (error) {
      throw new AppError('project.damaged', `Tile ${key} cannot be decoded: ${(error as Error).message}`, { tile: key })
    }
    this.cache.set(key, rgba)
    return rgba
  }

  has(hash: Buffer): boolean {
    return this.exists.get(hash) !== undefined
  }

  /** Encodes pixels outside the transaction; the caller writes them with `write` inside it. */
  encode(hash: Buffer, width: number, height: number, rgba: Buffer): NewTile {
    return { hash, width, height, rgba, encoded: encodeTilePixels(rgba) }
  }

  /** Stores tiles not already present. Call inside the commit's transaction. */
  write(tiles: NewTile[]): void {
    for (const tile of tiles) this.insert.run(tile.hash, tile.width, tile.height, tile.encoded)
  }

  /** After the commit returned: the new tiles are what undo, redo and the view read next. */
  remember(tiles: NewTile[]): void {
    for (const tile of tiles) if (tile.rgba) this.cache.set(tile.hash.toString('hex'), tile.rgba)
  }
}
