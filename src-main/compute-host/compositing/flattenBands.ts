import { BAND_ROWS } from '../bands/sharedMemory'
import type { FlattenLayer } from './flattenRows'

/** A layer's place and look, without its pixels: what a band's thread needs besides the band's rows. */
export type LayerPlacement = Omit<FlattenLayer, 'rgba'>

/**
 * A thread's slot: room for a band's rows of every layer, each layer at a fixed place. Flattening a large canvas
 * copies each band's rows into the slot of the thread about to composite it, so the layers are never copied whole
 * into shared memory (a gigabyte for 10 layers at 24 MP) and the slot's pages are touched once per job.
 */
export const slotBytes = (layers: LayerPlacement[]) => layers.reduce((sum, layer) => sum + BAND_ROWS * layer.width * 4, 0)

/** Copies canvas rows [top, bottom) of every layer into `slot` (main's side). */
export function fillSlot(layers: FlattenLayer[], slot: Uint8Array, top: number, bottom: number): void {
  let at = 0
  for (const layer of layers) {
    const { first, rows } = layerRows(layer, top, bottom)
    const rowBytes = layer.width * 4
    slot.set(layer.rgba.subarray(first * rowBytes, (first + rows) * rowBytes), at)
    at += BAND_ROWS * rowBytes
  }
}

/** The layers of canvas rows [top, bottom) as fillSlot left them in `slot`: each cut to those rows (a thread's side). */
export function slotLayers(layers: LayerPlacement[], slot: Uint8Array, top: number, bottom: number): FlattenLayer[] {
  let at = 0
  return layers.map((layer) => {
    const { first, rows } = layerRows(layer, top, bottom)
    const rgba = slot.subarray(at, at + rows * layer.width * 4)
    at += BAND_ROWS * layer.width * 4
    return { ...layer, rgba, height: rows, offsetY: layer.offsetY + first }
  })
}

/** The layer's own rows that canvas rows [top, bottom) cover: from `first`, `rows` of them (maybe none). */
function layerRows(layer: LayerPlacement, top: number, bottom: number): { first: number; rows: number } {
  const first = Math.min(Math.max(top - layer.offsetY, 0), layer.height)
  const last = Math.min(Math.max(bottom - layer.offsetY, 0), layer.height)
  return { first, rows: last - first }
}
