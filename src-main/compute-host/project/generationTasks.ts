import type { Rect } from '../../../src-shared/contract'
import { resizeRgba } from '../../imaging/resample'
import { extendedPixels } from '../compositing/extendedPixels'
import { featheredPaste, featherWeights } from '../compositing/featheredPaste'
import type { Task } from '../taskContext'
import { patchIntoTiles, readProject, type ProjectRead, type TiledTransfer } from './projectReads'

/** A generation's result and where it goes; the pixels around it are read here, from the version the job saw. */
export interface PasteRequest extends ProjectRead {
  /** The pipeline's result at its working size, resized here to `region`. */
  result: { width: number; height: number; rgba: Uint8Array }
  /** Where the result goes: in the layer's pixels (a masked edit), else in the new layer's. */
  region: Rect
  /** A masked edit: over `layerId`'s pixels, only inside the mask, faded over `feather` pixels (featheredPaste). */
  masked?: { layerId: string; alpha: Uint8Array; feather: number }
  /**
   * A new layer of this size holding the result at `region`; an outpaint's `fill` keeps only the mask's bounds, its
   * alpha the mask faded over the seam (weighed over the whole region: the ramp needs the unmasked pixels beside it).
   */
  newLayer?: { width: number; height: number; fill?: { alpha: Uint8Array; bounds: Rect; feather: number } }
}

/** What a generation's model sees, read here, and its result, pasted back here. */
export const generationTasks = {
  /**
   * The layer's pixels over `region` at the model's working size: a masked edit's crop, or an outpaint's, whose new
   * area repeats the layer's edge pixels (`edge`) as a neutral start that matches the border colours.
   */
  'project.modelInput': (async ({ file, versionId, layerId, region, working, edge }) =>
    readProject(file, async (store) => {
      const seen = edge
        ? extendedPixels({ rgba: store.readRegion(versionId, layerId, edge.near).rgba, rect: edge.near }, edge.origin, region)
        : store.readRegion(versionId, layerId, region).rgba
      return { rgba: await resizeRgba(seen, region, working) }
    })) as Task<
    ProjectRead & { layerId: string; region: Rect; working: { width: number; height: number }; edge?: { near: Rect; origin: { x: number; y: number } } },
    { rgba: Uint8Array }
  >,

  /**
   * The result at full resolution as tiles, so main's thread neither resizes, feathers, hashes nor deflates a pixel
   * of it: only the tiles the paste touches are new, the rest of the grid is the layer's (or blank, a new layer's).
   */
  'project.pasteResult': (async ({ file, versionId, result, region, masked, newLayer }) =>
    readProject(file, async (store) => {
      const rgba = await resizeRgba(result.rgba, result, region)
      if (masked) {
        const current = store.readRegion(versionId, masked.layerId, region).rgba
        const patch = { rect: region, rgba: featheredPaste(current, rgba, masked.alpha, region.width, masked.feather) }
        return { tiled: patchIntoTiles(store, patch, { versionId, layerId: masked.layerId }) }
      }
      const { width, height, fill } = newLayer!
      return { tiled: patchIntoTiles(store, fill ? fadedFill(rgba, region, fill) : { rect: region, rgba }, { width, height }) }
    })) as Task<PasteRequest, { tiled: TiledTransfer }>,
}

/** An outpaint's fill: opaque in the new area and fading over the seam, so the photo's layer keeps every pixel. */
function fadedFill(rgba: Buffer, region: Rect, { alpha, bounds, feather }: NonNullable<NonNullable<PasteRequest['newLayer']>['fill']>) {
  const weights = featherWeights(alpha, region.width, feather)
  const fill = Buffer.alloc(bounds.width * bounds.height * 4)
  for (let y = 0; y < bounds.height; y++) {
    const from = (bounds.y - region.y + y) * region.width + bounds.x - region.x
    rgba.copy(fill, y * bounds.width * 4, from * 4, (from + bounds.width) * 4)
    for (let x = 0; x < bounds.width; x++) fill[(y * bounds.width + x) * 4 + 3] = Math.round(weights[from + x]! * 255)
  }
  return { rect: bounds, rgba: fill }
}
