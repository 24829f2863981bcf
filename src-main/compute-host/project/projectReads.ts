import type { BlendMode } from '../../../src-shared/contract'
import { ProjectStore, type PixelPatch, type VersionId } from '../../documents/project'
import { flatten, type FlattenLayer } from '../compositing/flatten'
import type { StepContext } from '../taskContext'

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

/** Tiles as they cross the process boundary: plain bytes. */
export interface TiledTransfer {
  width: number
  height: number
  grid: Uint8Array
  newTiles: { hash: Uint8Array; width: number; height: number; encoded: Uint8Array }[]
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

/** A whole image cut into tiles against the project (only the tiles it lacks are encoded), ready to cross to main. */
export function cutIntoTiles(store: ProjectStore, { width, height, rgba }: { width: number; height: number; rgba: Uint8Array }): TiledTransfer {
  const tiled = store.cutIntoTiles({ width, height, rgba: Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength) })
  return { width, height, grid: tiled.grid, newTiles: tiled.newTiles ?? [] }
}

/** A patch over a version's layer (or a new transparent one of `onto`'s size) as the layer's tiles: only those it touches are new. */
export function patchIntoTiles(store: ProjectStore, patch: PixelPatch, onto: { versionId: VersionId; layerId: string } | { width: number; height: number }): TiledTransfer {
  const { width, height, grid, newTiles } = store.patchIntoTiles(patch, onto)
  return { width, height, grid, newTiles }
}
