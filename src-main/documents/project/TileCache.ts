/**
 * Decoded tiles by hash, least recently used evicted first once their bytes pass the budget.
 * Tiles are immutable, so a cached tile never goes stale; the budget is what keeps long undo/redo sessions flat.
 */
export class TileCache {
  private readonly tiles = new Map<string, Buffer>()
  private bytes = 0

  constructor(readonly budgetBytes: number) {}

  get(hash: string): Buffer | undefined {
    const rgba = this.tiles.get(hash)
    if (rgba) {
      // Map iteration follows insertion order: re-inserting marks the tile most recently used.
      this.tiles.delete(hash)
      this.tiles.set(hash, rgba)
    }
    return rgba
  }

  set(hash: string, rgba: Buffer): void {
    if (this.tiles.has(hash) || rgba.length > this.budgetBytes) return
    this.tiles.set(hash, rgba)
    this.bytes += rgba.length
    for (const [oldest, pixels] of this.tiles) {
      if (this.bytes <= this.budgetBytes) break
      this.tiles.delete(oldest)
      this.bytes -= pixels.length
    }
  }
}
