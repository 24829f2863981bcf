import { runInBands, threadCount, worthBands } from '../bands/bandPool'
import { fillSlot, slotBytes } from './flattenBands'
import { flattenRows, type FlattenLayer } from './flattenRows'

export type { FlattenLayer }

/**
 * Layers composited, bottom first, onto a transparent canvas of `width`×`height` with their blend modes and
 * opacity (flattenRows.ts): export, merge down, flatten, the PSD's composite. A large canvas is composited on the
 * band pool's threads, each band's rows of the layers copied into the shared slot of its thread (flattenBands.ts).
 * `afterBand` runs between bands (progress, cancel).
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
  const onCanvas = layers.filter((layer) => overlapsCanvas(layer, width, height))
  const placements = onCanvas.map(({ rgba, ...placement }) => placement)
  const slots = Array.from({ length: threadCount() }, () => new Uint8Array(new SharedArrayBuffer(slotBytes(placements))))
  const fill = (from: number, to: number, thread: number) => fillSlot(onCanvas, slots[thread]!, from, to)
  await runInBands({ kind: 'flatten', width, layers: placements, slots, out }, 0, height, afterBand, fill)
  // A plain copy: shared memory cannot cross to main.
  return out.slice()
}

/** A layer wholly off the canvas adds nothing: it is not copied. */
const overlapsCanvas = (layer: FlattenLayer, width: number, height: number) =>
  layer.offsetX < width && layer.offsetY < height && layer.offsetX + layer.width > 0 && layer.offsetY + layer.height > 0
