import { AppError } from '../../src-shared/contract'
import { gridShape, HASH_BYTES, hashAt, tileBounds, tileCount, type EncodedTile, type Edit, type ProjectStore, type TiledPixels, type VersionId } from '../documents/project'

/**
 * An edit's tiles made on version `seen` (a generation's paste, a removal's fill), onto the head another edit has
 * moved since: the tiles the job changed come from it, every other tile from the head, so that edit stays. A tile
 * both changed is merged pixel by pixel; a pixel both changed (the user painted inside the area) or a new layer
 * size is refused: either result would undo the other.
 */
export function tilesOntoHead(edit: Edit, store: ProjectStore, seen: VersionId): Edit {
  const layers = edit.layers.map((layer) => {
    if (!layer.pixels || !('grid' in layer.pixels) || !store.layers(seen).some((l) => l.id === layer.layerId)) return layer
    return { ...layer, pixels: rebased(store, layer.pixels, store.tiledPixels(seen, layer.layerId), store.tiledPixels(store.head, layer.layerId)) }
  })
  return { ...edit, layers }
}

const layerChanged = () => new AppError('layer.changedMeanwhile', 'The layer changed where this job changes it while the job ran; nothing was committed.')

function rebased(store: ProjectStore, pasted: TiledPixels, seen: TiledPixels, head: TiledPixels): TiledPixels {
  if (head.width !== seen.width || head.height !== seen.height) throw layerChanged()
  const shape = gridShape(head.width, head.height)
  const grid = Buffer.from(head.grid)
  const merged: EncodedTile[] = []
  for (let index = 0; index < tileCount(shape); index++) {
    const [ours, base, theirs] = [pasted, seen, head].map((pixels) => hashAt(pixels.grid, index))
    if (ours!.equals(base!)) continue
    if (theirs!.equals(base!)) {
      ours!.copy(grid, index * HASH_BYTES)
      continue
    }
    const { width, height } = tileBounds(shape, index)
    const [mine, original, other] = [ours, base, theirs].map((hash) => store.readTile(hash!.toString('hex')))
    const tile = store.cutIntoTiles({ width, height, rgba: mergedTile(mine!, original!, other!) })
    tile.grid.copy(grid, index * HASH_BYTES)
    merged.push(...(tile.newTiles ?? []))
  }
  return { ...pasted, grid, newTiles: [...(pasted.newTiles ?? []), ...merged] }
}

/** A three-way merge of one tile's pixels: each pixel from whichever side changed it, refused where both did. */
function mergedTile(ours: Buffer, base: Buffer, theirs: Buffer): Buffer {
  const out = Buffer.from(theirs)
  for (let i = 0; i < base.length; i += 4) {
    const pixel = ours.readUInt32BE(i)
    if (pixel === base.readUInt32BE(i)) continue
    const other = theirs.readUInt32BE(i)
    if (other !== base.readUInt32BE(i) && other !== pixel) throw layerChanged()
    out.writeUInt32BE(pixel, i)
  }
  return out
}
