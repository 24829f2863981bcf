import { runInBands, worthBands } from '../bands/bandPool'
import { flattenRows, type FlattenLayer } from './flattenRows'

export type { FlattenLayer }

/**
 * Layers composited, bottom first, onto a transparent canvas of `width`×`height` with their blend modes and
 * opacity (flattenRows.ts): export, merge down, flatten, the PSD's composite. A large canvas is composited on the
 * band pool's threads, from copies of the layers in shared memory made band by band; `afterBand` runs between bands (progress, cancel).
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
  const sharedLayers = onCanvas.map((layer) => ({ ...layer, rgba: new Uint8Array(new SharedArrayBuffer(layer.rgba.byteLength)) }))
  // Each band's rows of every layer are copied into shared memory just ahead of the threads that read them.
  const copyRows = (from: number, to: number) => {
    onCanvas.forEach(({ rgba, width: layerWidth, height: layerHeight, offsetY }, i) => {
      const rowBytes = layerWidth * 4
      const first = Math.min(Math.max(from - offsetY, 0), layerHeight) * rowBytes
      const last = Math.min(Math.max(to - offsetY, 0), layerHeight) * rowBytes
      sharedLayers[i]!.rgba.set(rgba.subarray(first, last), first)
    })
  }
  await runInBands({ kind: 'flatten', width, layers: sharedLayers, out }, 0, height, afterBand, copyRows)
  // A plain copy: shared memory cannot cross to main.
  return out.slice()
}

/** A layer wholly off the canvas adds nothing: it is not copied. */
const overlapsCanvas = (layer: FlattenLayer, width: number, height: number) =>
  layer.offsetX < width && layer.offsetY < height && layer.offsetX + layer.width > 0 && layer.offsetY + layer.height > 0
