import { randomUUID } from 'node:crypto'
import { AppError, type LayerInfo, type Rect } from '../../src-shared/contract'
import type { SegmentationMask } from '../../src-shared/contract/segmentation'
import type { ComputeHost } from '../compute/ComputeHost'
import type { OpenProjects } from '../documents/OpenProjects'
import { fromTransfer } from '../jobs/tiledTransfer'
import { intersect, type LayerEdit, type Pixels, type ProjectStore } from '../documents/project'
import { canvasTrims } from './canvas'
import type { Handlers } from './dispatch'
import { findLayer, requireUnlocked } from './layerRules'

type LayerMaskHandlers = Pick<Handlers, 'layers.mask' | 'layers.removeBackground'>

/** A soft mask's pixels count as the subject from this alpha up, for Remove background's trim. */
const TRIM_ALPHA = 128

/** Layer masks (add, show or hide, apply, delete) and Remove background, which makes one from the subject. */
export function layerMaskHandlers(projects: OpenProjects, compute: ComputeHost): LayerMaskHandlers {
  return {
    'layers.mask': async ({ documentId, layerId, action, alpha }) => {
      const store = projects.store(documentId)
      const layer = requireUnlocked(maskable(findLayer(store, layerId)))
      const edit = action === 'apply' ? await appliedMask(store, compute, layer) : maskEdit(layer, action, alpha)
      if (edit) store.commitEdit({ operation: `layerMask.${action}`, params: { layerId, ...(alpha ? { rect: alpha.rect } : {}) }, layers: [edit] })
      return projects.info(documentId)
    },

    'layers.removeBackground': async ({ documentId, layerId, mask, background, trim }) => {
      const store = projects.store(documentId)
      const layer = requireUnlocked(maskable(findLayer(store, layerId)))
      if (!layer.visible) throw new AppError('layer.hidden', `The layer “${layer.name}” is hidden.`, { layer: layer.name })
      const { width, height } = store.document()
      const pixels = maskFromSelection(layer, mask)
      const canvas = trim ? trimRect(mask, trim.padding, { width, height }) : undefined
      const layers: LayerEdit[] = []
      if (canvas) {
        // Cropped as Crop does (unlocked layers lose what falls outside), the new mask with its layer.
        for (const edit of canvasTrims(store, canvas)) {
          if (edit.layerId !== layer.id) layers.push(edit)
        }
        const kept = intersect({ x: layer.offsetX, y: layer.offsetY, width: layer.width, height: layer.height }, canvas)
        if (!kept) throw new AppError('segmentation.emptyImage', 'The subject lies outside the layer.', { layerId })
        const local = { ...kept, x: kept.x - layer.offsetX, y: kept.y - layer.offsetY }
        layers.push({
          layerId,
          pixels: store.readRegion(store.head, layerId, local),
          properties: { offsetX: kept.x - canvas.x, offsetY: kept.y - canvas.y },
          mask: { enabled: true, pixels: cropPixels(pixels, local) },
        })
      } else {
        layers.push({ layerId, mask: { enabled: true, pixels } })
      }
      if (background.kind === 'colour') {
        const size = canvas ?? { width, height }
        const rgba = Buffer.alloc(size.width * size.height * 4)
        const [r, g, b] = [1, 3, 5].map((i) => parseInt(background.colour.slice(i, i + 2), 16))
        for (let i = 0; i < rgba.length; i += 4) {
          rgba[i] = r!
          rgba[i + 1] = g!
          rgba[i + 2] = b!
          rgba[i + 3] = 255
        }
        layers.push({
          layerId: randomUUID(),
          properties: { name: background.name ?? 'Background colour' },
          position: store.layers().findIndex((l) => l.id === layerId),
          pixels: { width: size.width, height: size.height, rgba },
        })
      }
      store.commitEdit({
        operation: 'removeBackground',
        params: { layerId, background: background.kind === 'colour' ? background.colour : 'transparent', ...(trim ? { trim: trim.padding, canvas } : {}) },
        ...(canvas ? { canvas } : {}),
        layers,
      })
      return projects.info(documentId)
    },
  }
}

function maskable(layer: LayerInfo): LayerInfo {
  if (layer.kind !== 'raster') throw new AppError('layer.notRaster', `“${layer.name}” is an AI mask layer: only raster layers carry layer masks.`, { layer: layer.name })
  return layer
}

/** What one mask action but Apply changes in the layer; undefined when it changes nothing (a mask already shown is shown). */
function maskEdit(layer: LayerInfo, action: 'add' | 'enable' | 'disable' | 'delete', alpha?: SegmentationMask): LayerEdit | undefined {
  const layerId = layer.id
  if (action === 'add') return { layerId, mask: { enabled: true, ...(alpha ? { pixels: maskFromSelection(layer, alpha) } : {}) } }
  const mask = requireMask(layer)
  if (action === 'delete') return { layerId, mask: null }
  const enabled = action === 'enable'
  return mask.enabled === enabled ? undefined : { layerId, mask: { enabled } }
}

/**
 * Apply: the mask's alpha multiplied into the layer's, as the picture showed it with the mask on, and the mask
 * dropped. The compute host reads the head's layer and mask and cuts the result into tiles, so main only stores them;
 * an edit that moved the head meanwhile refuses the apply (it would undo that edit).
 */
async function appliedMask(store: ProjectStore, compute: ComputeHost, layer: LayerInfo): Promise<LayerEdit> {
  requireMask(layer)
  const versionId = store.head
  const { pixels } = await compute.run('project.applyMaskToTiles', { file: store.file, versionId, layerId: layer.id })
  const tiled = fromTransfer(pixels)
  await store.storeTiles(tiled.newTiles)
  if (store.head !== versionId) {
    throw new AppError('compute.failed', `The document changed while the mask of “${layer.name}” was applied; nothing was committed.`, { versionId })
  }
  return { layerId: layer.id, pixels: tiled, mask: null }
}

function requireMask(layer: LayerInfo): NonNullable<LayerInfo['mask']> {
  if (!layer.mask) throw new AppError('layer.noMask', `The layer “${layer.name}” has no layer mask.`, { layer: layer.name })
  return layer.mask
}

/** A selection (document coordinates, 255 selected) as a mask of the layer's size: outside the selection hides. */
export function maskFromSelection(layer: LayerInfo, selection: SegmentationMask): Pixels {
  const { width, height, offsetX, offsetY } = layer
  const { rect, alpha } = selection
  const rgba = Buffer.alloc(width * height * 4)
  for (let i = 0; i < rgba.length; i += 4) rgba[i] = rgba[i + 1] = rgba[i + 2] = 255
  const inside = intersect(rect, { x: offsetX, y: offsetY, width, height })
  if (inside) {
    for (let y = inside.y; y < inside.y + inside.height; y++) {
      const from = (y - rect.y) * rect.width - rect.x
      const to = ((y - offsetY) * width - offsetX) * 4
      for (let x = inside.x; x < inside.x + inside.width; x++) rgba[to + x * 4 + 3] = alpha[from + x]!
    }
  }
  return { width, height, rgba }
}

/** The subject's bounds (alpha ≥ TRIM_ALPHA) plus `padding` on each side, inside the canvas. */
function trimRect({ rect, alpha }: SegmentationMask, padding: number, canvas: { width: number; height: number }): Rect {
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
  return {
    x,
    y,
    width: Math.min(canvas.width, rect.x + right + 1 + padding) - x,
    height: Math.min(canvas.height, rect.y + bottom + 1 + padding) - y,
  }
}

function cropPixels(pixels: Pixels, rect: Rect): Pixels {
  const rgba = Buffer.alloc(rect.width * rect.height * 4)
  for (let y = 0; y < rect.height; y++) {
    const from = ((rect.y + y) * pixels.width + rect.x) * 4
    pixels.rgba.copy(rgba, y * rect.width * 4, from, from + rect.width * 4)
  }
  return { width: rect.width, height: rect.height, rgba }
}
