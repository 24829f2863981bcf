import type { StackLayer } from './LayerStacks'
import { gridShape, hashAt, tileCount } from './tileGrid'
import type { LayerDifference, LayerProperties, VersionComparison } from './types'

/** Differences from stack `a` to stack `b`. Tiles compare by hash, so no pixel is decoded. */
export function compareStacks(a: StackLayer[], b: StackLayer[]): VersionComparison {
  const before = new Map(a.map((layer) => [layer.layerId, layer]))
  const after = new Set(b.map((layer) => layer.layerId))
  const comparison: VersionComparison = {
    added: b.filter((layer) => !before.has(layer.layerId)).map((layer) => layer.layerId),
    removed: a.filter((layer) => !after.has(layer.layerId)).map((layer) => layer.layerId),
    changed: [],
  }
  // Positions count among the layers both versions share, so adding a layer below does not "move" the rest.
  const sharedBefore = a.filter((layer) => after.has(layer.layerId)).map((layer) => layer.layerId)
  const sharedAfter = b.filter((layer) => before.has(layer.layerId))
  sharedAfter.forEach((layer, position) => {
    const old = before.get(layer.layerId)!
    const difference: LayerDifference =
      old.stateId === layer.stateId ? { layerId: layer.layerId, properties: [], tiles: [] } : compareLayers(old, layer)
    if (sharedBefore[position] !== layer.layerId) difference.properties.push('position')
    if (difference.properties.length > 0 || difference.tiles.length > 0) comparison.changed.push(difference)
  })
  return comparison
}

function compareLayers(a: StackLayer, b: StackLayer): LayerDifference {
  const keys = Object.keys(b.properties) as (keyof LayerProperties)[]
  const properties: string[] = keys.filter((key) => a.properties[key] !== b.properties[key])
  if (a.tiles.width !== b.tiles.width) properties.push('width')
  if (a.tiles.height !== b.tiles.height) properties.push('height')
  if (!sameMask(a.mask, b.mask)) properties.push('mask')
  const count = tileCount(gridShape(b.tiles.width, b.tiles.height))
  const resized = properties.includes('width') || properties.includes('height')
  const tiles: number[] = []
  for (let index = 0; index < count; index++) {
    if (resized || !hashAt(a.tiles.grid, index).equals(hashAt(b.tiles.grid, index))) tiles.push(index)
  }
  return { layerId: b.layerId, properties, tiles }
}

function sameMask(a: StackLayer['mask'], b: StackLayer['mask']): boolean {
  return a === b || (a !== undefined && b !== undefined && a.enabled === b.enabled && a.grid.equals(b.grid))
}
