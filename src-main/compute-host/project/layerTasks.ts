import { transformedBounds, type Placement } from '../../../src-shared/affinePlacement'
import type { Rect } from '../../../src-shared/contract'
import { affineTransform } from '../compositing/affine'
import type { Task } from '../taskContext'
import { cutIntoTiles, readProject, type ProjectRead, type TiledTransfer, type TileTransfer } from './projectReads'

/** One layer's new pixels read and cut into tiles here: crop and canvas size, the free transform, Apply mask. */
export const layerTasks = {
  /**
   * Crop or canvas size: each named layer's part inside the new canvas (`rect`, in the layer's own coordinates), and
   * its mask's, cut into tiles. The layers that just move are main's business: they keep their grids.
   */
  'project.trimToTiles': (async ({ file, versionId, trims }, context) =>
    readProject(file, async (store) => {
      const results: { layerId: string; pixels: TiledTransfer; mask?: TiledTransfer }[] = []
      for (const [index, { layerId, rect, mask }] of trims.entries()) {
        const cut = (part: 'pixels' | 'mask') => cutIntoTiles(store, store.readRegion(versionId, layerId, rect, part), context)
        results.push({ layerId, pixels: await cut('pixels'), ...(mask ? { mask: await cut('mask') } : {}) })
        context.progress((index + 1) / trims.length)
        await context.checkpoint()
      }
      return { trims: results }
    })) as Task<
    ProjectRead & { trims: { layerId: string; rect: Rect; mask: boolean }[] },
    { trims: { layerId: string; pixels: TiledTransfer; mask?: TiledTransfer }[] },
    TileTransfer[]
  >,

  /**
   * The free transform: the layer resampled through `placement`'s matrix (and its mask with it, when `mask`), cut
   * into tiles at the transformed size; the offset places them.
   */
  'project.transformToTiles': (async ({ file, versionId, layerId, placement, mask }, context) =>
    readProject(file, async (store) => {
      const rows = transformedBounds(placement).height
      const parts = mask ? 2 : 1
      const transform = async (part: 'pixels' | 'mask', index: number) => {
        const resampled = await affineTransform({ ...placement, rgba: store.readLayer(versionId, layerId, part).rgba }, async (rowsDone) => {
          context.progress((index + rowsDone / rows) / parts)
          await context.checkpoint()
        })
        return { offsetX: resampled.offsetX, offsetY: resampled.offsetY, tiled: await cutIntoTiles(store, resampled, context) }
      }
      const pixels = await transform('pixels', 0)
      return { offsetX: pixels.offsetX, offsetY: pixels.offsetY, pixels: pixels.tiled, ...(mask ? { mask: (await transform('mask', 1)).tiled } : {}) }
    })) as Task<
    ProjectRead & { layerId: string; placement: Placement; mask: boolean },
    { offsetX: number; offsetY: number; pixels: TiledTransfer; mask?: TiledTransfer },
    TileTransfer[]
  >,

  /** Apply mask: the layer with its mask's alpha multiplied in, cut into tiles (the mask itself is dropped by main). */
  'project.applyMaskToTiles': (async ({ file, versionId, layerId }, context) =>
    readProject(file, async (store) => ({ pixels: await cutIntoTiles(store, store.readMasked(versionId, layerId), context) }))) as Task<
    ProjectRead & { layerId: string },
    { pixels: TiledTransfer },
    TileTransfer[]
  >,
}
