import type { TaskRunner, TaskOutput } from '../compute/ComputeHost'
import type { TileTransfer } from '../compute-host/project/projectReads'
import type { EncodedTile, ProjectStore, TiledPixels } from '../documents/project'

type TiledTransfer = TaskOutput<'project.flattenToTiles'>['tiled']

/**
 * The compute host as a document job's kind sees it: the tiles a task cuts go ahead of its answer as parts
 * (cutIntoTiles), and are stored in the job's project as they come, a few per transaction, main's event loop let go
 * between (storeTiles), so main never takes in or holds a layer's tiles at once. They are stored ahead of the commit
 * that names them, harmlessly if none does: tiles are content-addressed, and a cancelled or refused job names none.
 */
export function storingTiles(compute: TaskRunner, store: ProjectStore): TaskRunner {
  // Every part a project task sends is its new tiles: the one kind of part there is.
  const onPart = (tiles: TileTransfer[]) => store.storeTiles(tiles.map(fromTileTransfer))
  return { run: (task, input, options = {}) => compute.run(task, input, { ...options, onPart: onPart as typeof options.onPart }) }
}

/** The compute host's tiles as the Buffers the project store takes, without copying. */
export function fromTransfer(tiled: TiledTransfer): TiledPixels & { newTiles: EncodedTile[] } {
  return { width: tiled.width, height: tiled.height, grid: asBuffer(tiled.grid), newTiles: tiled.newTiles.map(fromTileTransfer) }
}

const fromTileTransfer = (tile: TileTransfer): EncodedTile => ({ hash: asBuffer(tile.hash), width: tile.width, height: tile.height, encoded: asBuffer(tile.encoded) })

export const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
