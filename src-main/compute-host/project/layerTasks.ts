import type { Rect } from '../../../src-shared/contract'
import type { Task } from '../taskContext'
import { cutIntoTiles, readProject, type ProjectRead, type TiledTransfer } from './projectReads'

/** One layer's new pixels read and cut into tiles here: crop and canvas size. */
export const layerTasks = {
  /**
   * Crop or canvas size: each named layer's part inside the new canvas (`rect`, in the layer's own coordinates), and
   * its mask's, cut into tiles. The layers that just move are main's business: they keep their grids.
   */
  'project.trimToTiles': (async ({ file, versionId, trims }, context) =>
    readProject(file, async (store) => {
      const results: { layerId: string; pixels: TiledTransfer; mask?: TiledTransfer }[] = []
      for (const [index, { layerId, rect, mask }] of trims.entries()) {
        const cut = (part: 'pixels' | 'mask') => cutIntoTiles(store, store.readRegion(versionId, layerId, rect, part))
        results.push({ layerId, pixels: cut('pixels'), ...(mask ? { mask: cut('mask') } : {}) })
        context.progress((index + 1) / trims.length)
        await context.checkpoint()
      }
      return { trims: results }
    })) as Task<
    ProjectRead & { trims: { layerId: string; rect: Rect; mask: boolean }[] },
    { trims: { layerId: string; pixels: TiledTransfer; mask?: TiledTransfer }[] }
  >,
}
