import type { Rect } from '../../../src-shared/contract'
import { contentAwareFill } from '../engines/contentAwareFill/contentAwareFill'
import { inpaintWithPack } from '../engines/inpainters'
import type { Task } from '../taskContext'
import { patchIntoTiles, readProject, type ProjectRead, type TiledTransfer } from './projectReads'

/** Which engine fills the hole: content-aware fill (no model), or an installed LaMa or MI-GAN pack. */
export type FillEngine = { kind: 'content-aware'; seed: number } | { kind: 'pack'; packDir: string; family: 'lama' | 'migan' }

export interface RemovalRequest extends ProjectRead {
  layerId: string
  /** The hole's surroundings, in the layer's pixels: what the engine sees and the only pixels that can change. */
  crop: Rect
  /** One byte a pixel of the crop, ≥ 128 = hole; grown by `grow` pixels first. */
  mask: Uint8Array
  grow: number
  engine: FillEngine
}

/** Object removal, read from and cut back into the project's tiles. */
export const removalTasks = {
  /**
   * The crop read here, filled by the engine (which keeps the known pixels as they were), and cut back into the
   * layer's tiles, so main neither reads the crop nor hashes a pixel of the fill.
   */
  'project.fillToTiles': (async ({ file, versionId, layerId, crop, mask, grow, engine }, context) =>
    readProject(file, async (store) => {
      const image = { width: crop.width, height: crop.height, rgba: store.readRegion(versionId, layerId, crop).rgba }
      const filled: { rgba: Uint8Array; fallback?: string } =
        engine.kind === 'pack'
          ? await inpaintWithPack({ ...image, packDir: engine.packDir, family: engine.family, mask, grow }, context)
          : await contentAwareFill({ ...image, mask, grow, seed: engine.seed }, context)
      const rgba = Buffer.from(filled.rgba.buffer, filled.rgba.byteOffset, filled.rgba.byteLength)
      return { tiled: patchIntoTiles(store, { rect: crop, rgba }, { versionId, layerId }), ...(filled.fallback ? { fallback: filled.fallback } : {}) }
    })) as Task<RemovalRequest, { tiled: TiledTransfer; fallback?: string }>,
}
