import { AppError } from '../../../src-shared/contract/errors'
import { blankLayer, patchLayer, replaceLayer, type PixelChange } from './layerPixels'
import type { StackLayer } from './LayerStacks'
import { HASH_BYTES } from './tileGrid'
import type { NewTile, TileStore } from './TileStore'
import { blendModes } from '../../../src-shared/contract/documents'
import type { BlendMode, CanvasSize, CommitResult, LayerEdit, LayerProperties, Pixels, Rect } from './types'

const BLEND_MODES: readonly BlendMode[] = blendModes

const DEFAULT_PROPERTIES: LayerProperties = {
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
    const { layer, pixels } = current ? editLayer(context, current, edit) : addLayer(context, edit)
    if (pixels) {
      change.newTiles.push(...pixels.newTiles.filter((tile) => !change.newTiles.some((t) => t.hash.equals(tile.hash))))
      if (pixels.changed.length > 0) change.changedTiles.push({ layerId: edit.layerId, tiles: pixels.changed })
    }
    if (index >= 0) change.layers.splice(index, 1)
    const position = edit.position ?? (index < 0 ? change.layers.length : index)
    change.layers.splice(Math.max(0, Math.min(position, change.layers.length)), 0, layer)
  }
  return change
}

function addLayer(context: Context, edit: LayerEdit): { layer: StackLayer; pixels: PixelChange } {
  const kind = edit.kind ?? 'raster'
  const knownKind = context.kindOf(edit.layerId)
  if (knownKind && knownKind !== kind) {
    throw new AppError('api.badInput', `Layer ${edit.layerId} is a ${knownKind} layer, not ${kind}.`)
  }
  const { width, height } = context.canvas
  let pixels = isWholeImage(edit.pixels)
    ? replaceLayer(context.tiles, edit.pixels)
    : blankLayer(context.tiles, width, height)
  if (edit.pixels && !isWholeImage(edit.pixels)) {
    const patched = patchLayer(context.tiles, pixels.tiles, edit.pixels, pixels.newTiles)
    pixels = { ...patched, newTiles: [...pixels.newTiles, ...patched.newTiles] }
  }
  const properties = checkProperties({ ...DEFAULT_PROPERTIES, ...edit.properties })
  const layer: StackLayer = { layerId: edit.layerId, kind, stateId: null, properties, tiles: pixels.tiles }
  const all = Array.from({ length: pixels.tiles.grid.length / HASH_BYTES }, (_, index) => index)
  return { layer, pixels: { ...pixels, changed: all } }
}

function editLayer(context: Context, current: StackLayer, edit: LayerEdit): { layer: StackLayer; pixels?: PixelChange } {
  if (edit.kind && edit.kind !== current.kind) {
    throw new AppError('api.badInput', `Layer ${edit.layerId} is a ${current.kind} layer, not ${edit.kind}.`)
  }
  const properties = checkProperties({ ...current.properties, ...edit.properties })
  const pixels = edit.pixels
    ? isWholeImage(edit.pixels)
      ? replaceLayer(context.tiles, edit.pixels, current.tiles)
      : patchLayer(context.tiles, current.tiles, edit.pixels)
    : undefined
  const changed =
    (pixels !== undefined && pixels.changed.length > 0) ||
    (Object.keys(properties) as (keyof LayerProperties)[]).some((key) => properties[key] !== current.properties[key])
  if (!changed) return { layer: current }
  return { layer: { ...current, stateId: null, properties, tiles: pixels?.tiles ?? current.tiles }, pixels }
}

function isWholeImage(pixels: LayerEdit['pixels']): pixels is Pixels {
  return pixels !== undefined && !('rect' in pixels)
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
