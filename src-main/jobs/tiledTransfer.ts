import type { TaskOutput } from '../compute/ComputeHost'
import type { EncodedTile, TiledPixels } from '../documents/project'

type TiledTransfer = TaskOutput<'project.flattenToTiles'>['tiled']

/** The compute host's tiles as the Buffers the project store takes, without copying. */
export function fromTransfer(tiled: TiledTransfer): TiledPixels & { newTiles: EncodedTile[] } {
  return {
    width: tiled.width,
    height: tiled.height,
    grid: asBuffer(tiled.grid),
    newTiles: tiled.newTiles.map((tile) => ({ hash: asBuffer(tile.hash), width: tile.width, height: tile.height, encoded: asBuffer(tile.encoded) })),
  }
}

export const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
