import { runInBands, worthBands } from '../bands/bandPool'
import { shared } from '../bands/sharedMemory'
import { transformedBounds, type Placement } from '../../../src-shared/affinePlacement'
import { affineRows } from './affineRows'

export interface AffineRequest extends Placement {
  rgba: Uint8Array
}

export interface AffineResult {
  rgba: Uint8Array
  width: number
  height: number
  offsetX: number
  offsetY: number
}

/**
 * The layer resampled through its matrix (affineRows.ts) into the smallest whole-pixel rectangle holding it,
 * placed by its offset; a large one on the band pool's threads. `afterBand` runs between bands (progress, cancel).
 */
export async function affineTransform(request: AffineRequest, afterBand: (rowsDone: number) => Promise<void> = async () => {}): Promise<AffineResult> {
  const { rgba, ...placement } = request
  const bounds = transformedBounds(placement)
  const result = { width: bounds.width, height: bounds.height, offsetX: bounds.x, offsetY: bounds.y }
  if (!worthBands(bounds.width * bounds.height)) {
    const out = new Uint32Array(bounds.width * bounds.height)
    // One 32-bit word a pixel; a view needs 4-byte alignment, which bytes cut from a message may lack.
    const words = rgba.byteOffset % 4 === 0 ? rgba : new Uint8Array(rgba)
    affineRows(placement, new Uint32Array(words.buffer, words.byteOffset, placement.width * placement.height), bounds, out, 0, bounds.height)
    return { ...result, rgba: new Uint8Array(out.buffer) }
  }
  const out = new Uint8Array(new SharedArrayBuffer(bounds.width * bounds.height * 4))
  await runInBands({ kind: 'affine', placement, source: shared(rgba), bounds, out }, 0, bounds.height, afterBand)
  // A plain copy: shared memory cannot cross to main.
  return { ...result, rgba: out.slice() }
}
