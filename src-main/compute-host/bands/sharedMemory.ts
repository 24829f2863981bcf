/** What the band pool's threads and the engines that feed them share: the band height and shared buffers. */

/** Rows a worker does per message: about 0.1 s of work on a 6000-pixel-wide layer, so cancel and progress stay prompt. */
export const BAND_ROWS = 64

/** A copy of `values` in shared memory, which every thread of the pool can read and write. */
export function shared<T extends Uint8Array | Int32Array | Float32Array>(values: T): T {
  const copy = new (values.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(values.byteLength))
  copy.set(values as ArrayLike<number> & T)
  return copy
}
