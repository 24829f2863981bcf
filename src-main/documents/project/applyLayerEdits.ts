import { AppError } from '../../../src-shared/contract/errors'
import { blankLayer, patchLayer, replaceLayer, shareTiles, whiteLayer, type PixelChange } from './layerPixels'
import type { StackLayer } from './LayerStacks'
import { HASH_BYTES } from './tileGrid'
import type { NewTile, TileStore } from './TileStore'
import { blendModes } from '../../../src-shared/contract/documents'
import type { BlendMode, CanvasSize, CommitResult, LayerEdit, LayerProperties, MaskEdit, Pixels, Rect, TiledPixels } from './types'

const BLEND_MODES: readonly BlendMode[] = blendModes

export const DEFAULT_PROPERTIES: LayerProperties = {
  name: 'Layer',
  visible: true,
  opacity: 1,
  blendMode: 'normal',
  offsetX: 0,
  offsetY: 0,
  locked: false,
}

/** The next version's stack, and the tiles it needs, worked out before any write. */
export interface StackChange {
  layers: StackLayer[]
  newTiles: NewTile[]
  changedTiles: CommitResult['changedTiles']
}

interface Context {
  tiles: TileStore
  /** The new version's canvas: the size a layer it adds has unless the edit gives a whole image. */
  canvas: CanvasSize
  /** The kind a layer id already has in the project (any branch), if any. */
  kindOf(layerId: string): string | undefined
}

/** Moves every layer of a stack into a new canvas whose origin lies at `canvas.x, canvas.y` of the old one. */
export function moveIntoCanvas(layers: StackLayer[], canvas: Rect): StackLayer[] {
  if (canvas.x === 0 && canvas.y === 0) return layers
  return layers.map((layer) => ({
    ...layer,
    stateId: null,
    properties: {
      ...layer.properties,
      offsetX: layer.properties.offsetX - canvas.x,
      offsetY: layer.properties.offsetY - canvas.y,
    },
  }))
}

/** Applies one version's layer edits to its parent's stack. Reads tiles; writes nothing. */
export function applyLayerEdits(context: Context, parent: StackLayer[], edits: LayerEdit[]): StackChange {
  const ids = edits.map((edit) => edit.layerId)
  if (new Set(ids).size !== ids.length) throw new AppError('api.badInput', 'An edit names the same layer twice.')
  const change: StackChange = { layers: [...parent], newTiles: [], changedTiles: [] }
  for (const edit of edits) {
    const index = change.layers.findIndex((layer) => layer.layerId === edit.layerId)
    if (edit.remove) {
      if (index < 0) throw layerNotFound(edit.layerId)
      change.layers.splice(index, 1)
      continue
    }
    const current = index < 0 ? undefined : change.layers[index]
    const { layer, pixels, maskPixels } = current ? editLayer(context, current, edit) : addLayer(context, edit)
    for (const written of [pixels, maskPixels]) {
      if (written) change.newTiles.push(...written.newTiles.filter((tile) => !change.newTiles.some((t) => t.hash.equals(tile.hash))))
    }
    if (pixels && pixels.changed.length > 0) change.changedTiles.push({ layerId: edit.layerId, tiles: pixels.changed })
    if (index >= 0) change.layers.splice(index, 1)
    const position = edit.position ?? (index < 0 ? change.layers.length : index)
    change.layers.splice(Math.max(0, Math.min(position, change.layers.length)), 0, layer)
  }
  return change
}

interface EditedLayer {
  layer: StackLayer
  pixels?: PixelChange
  maskPixels?: PixelChange
}

function addLayer(context: Context, edit: LayerEdit): EditedLayer {
  const kind = edit.kind ?? 'raster'
  const knownKind = context.kindOf(edit.layerId)
  if (knownKind && knownKind !== kind) {
    throw new AppError('api.badInput', `Layer ${edit.layerId} is a ${knownKind} layer, not ${kind}.`)
  }
  const { width, height } = context.canvas
  let pixels = isTiled(edit.pixels)
    ? shareTiles(context.tiles, edit.pixels)
    : isWholeImage(edit.pixels)
      ? replaceLayer(context.tiles, edit.pixels)
      : blankLayer(context.tiles, width, height)
  if (edit.pixels && !isWholeImage(edit.pixels) && !isTiled(edit.pixels)) {
    const patched = patchLayer(context.tiles, pixels.tiles, edit.pixels, pixels.newTiles)
    pixels = { ...patched, newTiles: [...pixels.newTiles, ...patched.newTiles] }
  }
  const properties = checkProperties({ ...DEFAULT_PROPERTIES, ...edit.properties })
  const layer: StackLayer = { layerId: edit.layerId, kind, stateId: null, properties, tiles: pixels.tiles }
  const all = Array.from({ length: pixels.tiles.grid.length / HASH_BYTES }, (_, index) => index)
  if (!edit.mask) return { layer, pixels: { ...pixels, changed: all } }
  const maskPixels = editMask(context, layer, undefined, edit.mask)
  return { layer: { ...layer, mask: { grid: maskPixels.tiles.grid, enabled: edit.mask.enabled ?? true } }, pixels: { ...pixels, changed: all }, maskPixels }
}

/**
 * A layer mask after an edit: the layer's existing one (`grid`) or, for a new mask, one all white (everything shows),
 * then replaced or patched by the edit's pixels. A mask always has its layer's size.
 */
function editMask(context: Context, layer: StackLayer, grid: Buffer | undefined, edit: MaskEdit): PixelChange {
  const { width, height } = layer.tiles
  if (isWholeImage(edit.pixels) || isTiled(edit.pixels)) {
    if (edit.pixels.width !== width || edit.pixels.height !== height) {
      throw new AppError('api.badInput', `A ${width}×${height} layer needs a ${width}×${height} mask, not ${edit.pixels.width}×${edit.pixels.height}.`)
    }
    const previous = grid && { width, height, grid }
    return isTiled(edit.pixels) ? shareTiles(context.tiles, edit.pixels, previous) : replaceLayer(context.tiles, edit.pixels, previous)
  }
  const base: PixelChange = grid ? { tiles: { width, height, grid }, newTiles: [], changed: [] } : whiteLayer(context.tiles, width, height)
  if (!edit.pixels) return base
  const patched = patchLayer(context.tiles, base.tiles, edit.pixels, base.newTiles)
  return { ...patched, newTiles: [...base.newTiles, ...patched.newTiles.filter((tile) => !base.newTiles.some((t) => t.hash.equals(tile.hash)))] }
}

function editLayer(context: Context, current: StackLayer, edit: LayerEdit): EditedLayer {
  if (edit.kind && edit.kind !== current.kind) {
    throw new AppError('api.badInput', `Layer ${edit.layerId} is a ${current.kind} layer, not ${edit.kind}.`)
  }
  const properties = checkProperties({ ...current.properties, ...edit.properties })
  const pixels = edit.pixels
    ? isTiled(edit.pixels)
      ? shareTiles(context.tiles, edit.pixels, current.tiles)
      : isWholeImage(edit.pixels)
      ? replaceLayer(context.tiles, edit.pixels, current.tiles)
      : patchLayer(context.tiles, current.tiles, edit.pixels)
    : undefined
  const tiles = pixels?.tiles ?? current.tiles
  const resized = tiles.width !== current.tiles.width || tiles.height !== current.tiles.height
  // A mask is its layer's size: an edit that resizes a masked layer gives the mask at the new size, or deletes it.
  if (resized && current.mask && edit.mask !== null && !isWholeImage(edit.mask?.pixels) && !isTiled(edit.mask?.pixels)) {
    throw new AppError('api.badInput', `Layer ${edit.layerId} has a mask: resizing it needs the mask at its new size.`)
  }
  const sized: StackLayer = { ...current, tiles }
  const maskPixels = edit.mask ? editMask(context, sized, resized ? undefined : current.mask?.grid, edit.mask) : undefined
  const mask: StackLayer['mask'] =
    edit.mask === null
      ? undefined
      : edit.mask
        ? { grid: maskPixels!.tiles.grid, enabled: edit.mask.enabled ?? current.mask?.enabled ?? true }
        : current.mask
  const changed =
    (pixels !== undefined && pixels.changed.length > 0) ||
    !sameMask(mask, current.mask) ||
    (Object.keys(properties) as (keyof LayerProperties)[]).some((key) => properties[key] !== current.properties[key])
  if (!changed) return { layer: current }
  if (current.kind === 'mask' && mask) throw new AppError('api.badInput', `Layer ${edit.layerId} is an AI mask layer: it cannot carry a layer mask.`)
  const layer: StackLayer = { layerId: current.layerId, kind: current.kind, stateId: null, properties, tiles, ...(mask ? { mask } : {}) }
  return { layer, pixels, maskPixels }
}

function sameMask(a: StackLayer['mask'], b: StackLayer['mask']): boolean {
  return a === b || (a !== undefined && b !== undefined && a.enabled === b.enabled && a.grid.equals(b.grid))
}

function isWholeImage(pixels: LayerEdit['pixels']): pixels is Pixels {
  return pixels !== undefined && !('rect' in pixels) && !('grid' in pixels)
}

function isTiled(pixels: LayerEdit['pixels']): pixels is TiledPixels {
  return pixels !== undefined && 'grid' in pixels
}

function checkProperties(properties: LayerProperties): LayerProperties {
  if (!(properties.opacity >= 0 && properties.opacity <= 1)) {
    throw new AppError('api.badInput', `Opacity must lie between 0 and 1, not ${properties.opacity}.`)
  }
  if (!BLEND_MODES.includes(properties.blendMode)) {
    throw new AppError('api.badInput', `Unknown blend mode ${properties.blendMode}.`)
  }
  if (!Number.isInteger(properties.offsetX) || !Number.isInteger(properties.offsetY)) {
    throw new AppError('api.badInput', 'Layer offsets must be whole pixels.')
  }
  return properties
}

export function layerNotFound(layerId: string): AppError {
  return new AppError('project.layerNotFound', `No layer ${layerId} in this version.`, { layerId })
}
