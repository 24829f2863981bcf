import type { ApiClient } from '../transport/apiClient'

const BATCH = 64
const BUDGET_BYTES = 768 * 1024 * 1024

/**
 * Decoded tiles by content hash. A hash names immutable pixels, so a cached tile is never stale: undo and
 * redo mostly redraw from here. Least recently used tiles go first when the byte budget is reached.
 */
export class TileCache {
  private readonly tiles = new Map<string, Uint8Array>()
  private bytes = 0

  constructor(private readonly api: ApiClient) {}

  /** The pixels of every hash, fetching the ones not cached in batches. */
  async get(documentId: string, hashes: string[]): Promise<Map<string, Uint8Array>> {
    const missing = [...new Set(hashes.filter((hash) => !this.tiles.has(hash)))]
    for (let start = 0; start < missing.length; start += BATCH) {
      const batch = missing.slice(start, start + BATCH)
      const { tiles } = await this.api.call('tiles.read', { documentId, hashes: batch })
      batch.forEach((hash, i) => this.remember(hash, tiles[i]!))
    }
    const found = new Map<string, Uint8Array>()
    for (const hash of hashes) {
      const tile = this.tiles.get(hash)!
      // Re-inserting marks the tile as recently used.
      this.tiles.delete(hash)
      this.tiles.set(hash, tile)
      found.set(hash, tile)
    }
    return found
  }

  private remember(hash: string, tile: Uint8Array): void {
    this.tiles.set(hash, tile)
    this.bytes += tile.byteLength
    for (const [oldest, pixels] of this.tiles) {
      if (this.bytes <= BUDGET_BYTES) break
      this.tiles.delete(oldest)
      this.bytes -= pixels.byteLength
    }
  }
}
