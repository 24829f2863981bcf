import { createHash } from 'node:crypto'
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib'

/**
 * How tile pixels are stored: PNG's "Sub" predictor (each pixel minus its left neighbour, per channel) and then
 * raw deflate at level 1 with run-length matching. Measured on 256×256 photo-like tiles: 3–4.5 ms to encode at
 * ~0.53 of the raw size, against ~5.6 ms at ~0.59 for plain level-1 deflate; flat areas (masks, transparency)
 * become runs of zeros. Speed matters more than ratio: a brush commit encodes up to 9 tiles within 50 ms.
 */
const DEFLATE_OPTIONS = { level: 1, strategy: constants.Z_RLE }

const HIGH_BITS = 0x80808080
const LOW_BITS = 0x7f7f7f7f

/** Content address of a tile: SHA-256 of its size and pixels, so two tiles collide only if they are equal. */
export function tileHash(width: number, height: number, rgba: Buffer): Buffer {
  const size = Buffer.alloc(8)
  size.writeUInt32LE(width, 0)
  size.writeUInt32LE(height, 4)
  return createHash('sha256').update(size).update(rgba).digest()
}

export function encodeTilePixels(rgba: Buffer): Buffer {
  const pixels = pixelWords(rgba)
  const residuals = new Uint32Array(pixels.length)
  residuals[0] = pixels[0]
  for (let i = 1; i < pixels.length; i++) {
    // Four byte-wise subtractions in one 32-bit operation, no borrow between bytes.
    const a = pixels[i]
    const b = pixels[i - 1]
    residuals[i] = ((a | HIGH_BITS) - (b & LOW_BITS)) ^ ((a ^ ~b) & HIGH_BITS)
  }
  return deflateRawSync(residuals, DEFLATE_OPTIONS)
}

export function decodeTilePixels(encoded: Buffer, width: number, height: number): Buffer {
  const inflated = inflateRawSync(encoded)
  if (inflated.length !== width * height * 4) throw new Error(`tile holds ${inflated.length} bytes, not ${width}×${height}`)
  const pixels = pixelWords(inflated)
  for (let i = 1; i < pixels.length; i++) {
    // Four byte-wise additions in one 32-bit operation, no carry between bytes.
    const a = pixels[i]
    const b = pixels[i - 1]
    pixels[i] = ((a & LOW_BITS) + (b & LOW_BITS)) ^ ((a ^ b) & HIGH_BITS)
  }
  return Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength)
}

/** A 32-bit view of RGBA bytes; copies only when the bytes are not 4-aligned (small pooled Buffers). */
function pixelWords(rgba: Buffer): Uint32Array {
  if (rgba.byteOffset % 4 === 0) return new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length / 4)
  const words = new Uint32Array(rgba.length / 4)
  Buffer.from(words.buffer).set(rgba)
  return words
}
