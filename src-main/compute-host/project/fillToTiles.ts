import type { Rect } from '../../../src-shared/contract'
import { ProjectStore, type TiledPixels } from '../../documents/project'
import { contentAwareFill } from '../engines/contentAwareFill/contentAwareFill'
import { inpaintWithPack } from '../engines/inpainters'
import type { Task } from '../taskContext'

/** Which engine fills the hole: content-aware fill (no model), or an installed LaMa or MI-GAN pack. */
export type FillEngine = { kind: 'content-aware'; seed: number } | { kind: 'pack'; packDir: string; family: 'lama' | 'migan' }

export interface FillToTilesRequest {
  /** The project file, opened read-only beside main's writer, and the version the job read. */
  file: string
  versionId: number
  layerId: string
  /** The hole's surroundings, in the layer's pixels: what the engine sees and the only pixels that can change. */
  crop: Rect
  /** One byte a pixel of the crop, ≥ 128 = hole; grown by `grow` pixels first. */
  mask: Uint8Array
  grow: number
  engine: FillEngine
}

/**
 * Object removal from the project file: the crop read here, filled by the engine (which keeps the known pixels as
 * they were), and cut back into the layer's tiles, so main neither reads the crop nor hashes a pixel of the fill.
 */
export const fillToTiles = (async ({ file, versionId, layerId, crop, mask, grow, engine }, context) => {
  const store = ProjectStore.open(file, { readOnly: true, tileCacheBytes: 0 })
  try {
    const image = { width: crop.width, height: crop.height, rgba: store.readRegion(versionId, layerId, crop).rgba }
    const filled: { rgba: Uint8Array; fallback?: string } =
      engine.kind === 'pack'
        ? await inpaintWithPack({ ...image, packDir: engine.packDir, family: engine.family, mask, grow }, context)
        : await contentAwareFill({ ...image, mask, grow, seed: engine.seed }, context)
    const rgba = Buffer.from(filled.rgba.buffer, filled.rgba.byteOffset, filled.rgba.byteLength)
    const tiled: TiledPixels = store.patchIntoTiles({ rect: crop, rgba }, { versionId, layerId })
    return { tiled: { width: tiled.width, height: tiled.height, grid: tiled.grid, newTiles: tiled.newTiles ?? [] }, ...(filled.fallback ? { fallback: filled.fallback } : {}) }
  } finally {
    store.close()
  }
}) as Task<FillToTilesRequest, { tiled: { width: number; height: number; grid: Uint8Array; newTiles: { hash: Uint8Array; width: number; height: number; encoded: Uint8Array }[] }; fallback?: string }>
