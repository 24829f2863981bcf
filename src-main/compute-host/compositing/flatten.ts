import { runInBands, shared, worthBands } from '../bands/bandPool'
import { flattenRows, type FlattenLayer } from './flattenRows'

export type { FlattenLayer }

/**
 * Layers composited, bottom first, onto a transparent canvas of `width`×`height` with their blend modes and
 * opacity (flattenRows.ts): export, merge down, flatten, the PSD's composite. A large canvas is composited on the
 * band pool's threads, from copies of the layers in shared memory; `afterBand` runs between bands (progress, cancel).
 */
export async function flatten(
  width: number,
  height: number,
  layers: FlattenLayer[],
  afterBand: (rowsDone: number) => Promise<void> = async () => {},
): Promise<Uint8Array> {
  if (!worthBands(width * height)) {
    const rgba = new Uint8Array(width * height * 4)
    flattenRows(rgba, width, layers, 0, height)
    return rgba
  }
  const out = new Uint8Array(new SharedArrayBuffer(width * height * 4))
  const sharedLayers = layers.filter((layer) => overlapsCanvas(layer, width, height)).map((layer) => ({ ...layer, rgba: shared(layer.rgba) }))
  await runInBands({ kind: 'flatten', width, layers: sharedLayers, out }, 0, height, afterBand)
  // A plain copy: shared memory cannot cross to main.
  return out.slice()
}

/** A layer wholly off the canvas adds nothing: it is not copied. */
const overlapsCanvas = (layer: FlattenLayer, width: number, height: number) =>
  layer.offsetX < width && layer.offsetY < height && layer.offsetX + layer.width > 0 && layer.offsetY + layer.height > 0
