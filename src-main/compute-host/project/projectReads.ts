import type { BlendMode } from '../../../src-shared/contract'
import { MESSAGE_BYTES } from '../../compute/protocol'
import { ProjectStore, TILE_SIZE, type PixelPatch, type VersionId } from '../../documents/project'
import { flatten, type FlattenLayer } from '../compositing/flatten'
import type { StepContext, TaskContext } from '../taskContext'

/** Which version of which project file a task reads: main names it, the host opens the file itself. */
export interface ProjectRead {
  /** The file SQLite opens (ProjectStore.file); read-only here: WAL lets this reader work beside main's writer. */
  file: string
  versionId: number
}

/** A layer of one version, placed as the composite shows it; its pixels are read here, through its layer mask. */
export interface LayerPlacement {
  layerId: string
  offsetX: number
  offsetY: number
  opacity: number
  blendMode: BlendMode
}

/** Which layers of which version to composite, onto a canvas of `width`×`height`, read from the project file. */
export interface StackRequest extends ProjectRead {
  width: number
  height: number
  layers: LayerPlacement[]
}

/** A tile the project lacks, as it crosses the process boundary: plain bytes, hashed and encoded here. */
export interface TileTransfer {
  hash: Uint8Array
  width: number
  height: number
  encoded: Uint8Array
}

/**
 * A layer's tiles as they cross the process boundary: its grid of hashes, and the few new tiles a patch makes
 * (patchIntoTiles). A whole image's new tiles go ahead of it instead, as the task's parts (cutIntoTiles).
 */
export interface TiledTransfer {
  width: number
  height: number
  grid: Uint8Array
  newTiles: TileTransfer[]
}

/** Runs `read` on the project file opened read-only, closing it however `read` ends. */
export async function readProject<T>(file: string, read: (store: ProjectStore) => Promise<T>): Promise<T> {
  // No tile cache: every tile is read once, and the host must not keep a document's worth between jobs.
  const store = ProjectStore.open(file, { readOnly: true, tileCacheBytes: 0 })
  try {
    return await read(store)
  } finally {
    store.close()
  }
}

/** Reads the layers (the first `share` of the progress goes on reading and compositing) and composites them. */
export async function composite(store: ProjectStore, request: StackRequest, context: StepContext, share: number): Promise<Uint8Array> {
  const layers: FlattenLayer[] = []
  for (const [index, placement] of request.layers.entries()) {
    const { width, height, rgba } = store.readShown(request.versionId, placement.layerId)
    layers.push({ ...placement, width, height, rgba })
    context.progress(((index + 1) / request.layers.length) * share * 0.5)
    await context.checkpoint()
  }
  return flatten(request.width, request.height, layers, async (rowsDone) => {
    context.progress(share * (0.5 + (0.5 * rowsDone) / request.height))
    await context.checkpoint()
  })
}

/**
 * A whole image cut into tiles against the project, a row of tiles at a time: the tiles it lacks are hashed, encoded
 * and sent to main as the task's parts, about MESSAGE_BYTES each (30 or so photo tiles, where a 24 MP layer's are
 * 50 MB), as they are made; answers the grid. Neither process holds the encoded image whole, and a cancel is
 * honoured between rows.
 */
export async function cutIntoTiles(
  store: ProjectStore,
  { width, height, rgba }: { width: number; height: number; rgba: Uint8Array },
  context: TaskContext<TileTransfer[]>,
): Promise<TiledTransfer> {
  const grids: Buffer[] = []
  const sent = new Set<string>()
  let part: TileTransfer[] = []
  let bytes = 0
  for (let top = 0; top < height; top += TILE_SIZE) {
    const rows = Math.min(TILE_SIZE, height - top)
    // A row of tiles is its rows of pixels, whole: the rows' grids, one after another, are the image's.
    const row = store.cutIntoTiles({ width, height: rows, rgba: Buffer.from(rgba.buffer, rgba.byteOffset + top * width * 4, rows * width * 4) })
    grids.push(row.grid)
    for (const tile of row.newTiles ?? []) {
      // A tile repeated in other rows (a transparent one) is new in each: it crosses once.
      const key = tile.hash.toString('hex')
      if (sent.has(key)) continue
      sent.add(key)
      part.push(tile)
      bytes += tile.encoded.length
      if (bytes >= MESSAGE_BYTES) {
        context.send(part)
        part = []
        bytes = 0
      }
    }
    await context.checkpoint()
  }
  if (part.length > 0) context.send(part)
  return { width, height, grid: Buffer.concat(grids), newTiles: [] }
}

/** A patch over a version's layer (or a new transparent one of `onto`'s size) as the layer's tiles: only those it touches are new. */
export function patchIntoTiles(store: ProjectStore, patch: PixelPatch, onto: { versionId: VersionId; layerId: string } | { width: number; height: number }): TiledTransfer {
  const { width, height, grid, newTiles } = store.patchIntoTiles(patch, onto)
  return { width, height, grid, newTiles }
}
