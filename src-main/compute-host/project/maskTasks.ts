import { AppError, type Rect } from '../../../src-shared/contract'
import { intersect } from '../../documents/project'
import type { Task } from '../taskContext'
import { cutIntoTiles, readProject, type ProjectRead, type TiledTransfer, type TileTransfer } from './projectReads'

/** A soft mask's pixels count as the subject from this alpha up, for the trim. */
const TRIM_ALPHA = 128

export interface RemoveBackgroundRequest extends ProjectRead {
  layer: { id: string; width: number; height: number; offsetX: number; offsetY: number }
  /** The subject, in document pixels: 255 selected. */
  selection: { rect: Rect; alpha: Uint8Array }
  canvas: { width: number; height: number }
  /** Crop the canvas to the subject's bounds plus this many pixels. */
  trim?: number
  /** A layer of this colour (#rrggbb) to go under the subject. */
  colour?: string
}

/** A layer's extent, in document pixels. */
type LayerExtent = RemoveBackgroundRequest['layer']

/** Layer masks made from a selection here, so main never builds or hashes a layer-sized mask. */
export const maskTasks = {
  /** Add mask from a selection: the selection over the layer as its mask's pixels (outside it hides). */
  'project.selectionMask': (async ({ file, layer, selection }, context) =>
    readProject(file, async (store) => ({ mask: await cutIntoTiles(store, maskOver(extentOf(layer), selection), context) }))) as Task<
    ProjectRead & { layer: LayerExtent; selection: RemoveBackgroundRequest['selection'] },
    { mask: TiledTransfer },
    TileTransfer[]
  >,

  /**
   * Remove background: the selection as the layer's mask (outside it hides), over the layer's part inside the
   * trimmed canvas when it trims (with that part of the layer, cut at its new size), and a layer of the colour at
   * the canvas's size.
   */
  'project.removeBackground': (async ({ file, versionId, layer, selection, canvas, trim, colour }, context) =>
    readProject(file, async (store) => {
      const cropped = trim === undefined ? undefined : trimRect(selection, trim, canvas)
      const kept = cropped ? intersect(extentOf(layer), cropped) : extentOf(layer)
      if (!kept) throw new AppError('segmentation.emptyImage', 'The subject lies outside the layer.', { layerId: layer.id })
      const local = { ...kept, x: kept.x - layer.offsetX, y: kept.y - layer.offsetY }
      const size = cropped ?? canvas
      return {
        ...(cropped ? { canvas: cropped, kept, pixels: await cutIntoTiles(store, store.readRegion(versionId, layer.id, local), context) } : {}),
        mask: await cutIntoTiles(store, maskOver(kept, selection), context),
        ...(colour ? { colour: await cutIntoTiles(store, { ...size, rgba: uniform(size.width * size.height, colour) }, context) } : {}),
      }
    })) as Task<RemoveBackgroundRequest, { canvas?: Rect; kept?: Rect; pixels?: TiledTransfer; mask: TiledTransfer; colour?: TiledTransfer }, TileTransfer[]>,
}

const extentOf = (layer: LayerExtent): Rect => ({ x: layer.offsetX, y: layer.offsetY, width: layer.width, height: layer.height })

/** The selection over `rect` (document pixels) as a layer mask's pixels: white, its alpha the selection's, 0 outside it. */
function maskOver(rect: Rect, { rect: selected, alpha }: RemoveBackgroundRequest['selection']) {
  const rgba = uniform(rect.width * rect.height, '#ffffff', 0)
  const inside = intersect(selected, rect)
  if (inside) {
    for (let y = inside.y; y < inside.y + inside.height; y++) {
      const from = (y - selected.y) * selected.width - selected.x
      const to = ((y - rect.y) * rect.width - rect.x) * 4
      for (let x = inside.x; x < inside.x + inside.width; x++) rgba[to + x * 4 + 3] = alpha[from + x]!
    }
  }
  return { width: rect.width, height: rect.height, rgba }
}

/** `pixels` pixels of one colour (#rrggbb) and alpha. */
function uniform(pixels: number, colour: string, alpha = 255): Buffer {
  const pixel = Buffer.from([...[1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)), alpha])
  return Buffer.alloc(pixels * 4, pixel)
}

/** The subject's bounds (alpha ≥ TRIM_ALPHA) plus `padding` on each side, inside the canvas. */
function trimRect({ rect, alpha }: RemoveBackgroundRequest['selection'], padding: number, canvas: { width: number; height: number }): Rect {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity]
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      if (alpha[y * rect.width + x]! < TRIM_ALPHA) continue
      left = Math.min(left, x)
      right = Math.max(right, x)
      top = Math.min(top, y)
      bottom = Math.max(bottom, y)
    }
  }
  if (right < left) throw new AppError('segmentation.emptyImage', 'No subject was found to trim to.')
  const x = Math.max(0, rect.x + left - padding)
  const y = Math.max(0, rect.y + top - padding)
  return { x, y, width: Math.min(canvas.width, rect.x + right + 1 + padding) - x, height: Math.min(canvas.height, rect.y + bottom + 1 + padding) - y }
}
