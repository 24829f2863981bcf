import type { PixelRect } from '../../../src-shared/warp'
import { warp, type WarpRequest } from '../engines/warp/warp'
import type { Task } from '../taskContext'
import { cutIntoTiles, readProject, type ProjectRead, type TiledTransfer, type TileTransfer } from './projectReads'

/** Drag to deform read from the project's tiles: the layer warped at full size comes back as tiles. */
export const warpTasks = {
  /**
   * The layer warped (warp.ts), cut into tiles: only those the warp changed are new. What the warp uncovered stays
   * here; the version records its count.
   */
  'project.warpToTiles': (async ({ file, versionId, layerId, ...drag }, context) =>
    readProject(file, async (store) => {
      const layer = store.readLayer(versionId, layerId)
      const { rgba, uncovered, foldedCells, limitFactor } = await warp({ ...layer, ...drag }, context)
      const uncoveredPixels = uncovered.reduce((count, value) => count + (value ? 1 : 0), 0)
      return { tiled: await cutIntoTiles(store, { ...layer, rgba }, context), foldedCells, limitFactor, uncoveredPixels }
    })) as Task<
    ProjectRead & { layerId: string } & Omit<WarpRequest, 'width' | 'height' | 'rgba'>,
    { tiled: TiledTransfer; foldedCells: PixelRect[]; limitFactor: number; uncoveredPixels: number },
    TileTransfer[]
  >,
}
