import type { BlendMode } from '../../../src-shared/contract'
import { blendModeIndex, blendSpan, NORMAL } from './blendModes'

export interface FlattenLayer {
  rgba: Uint8Array
  width: number
  height: number
  offsetX: number
  offsetY: number
  opacity: number
  blendMode: BlendMode
}

/**
 * Composites rows [top, bottom) of raster layers, bottom first, onto a transparent canvas `width` wide, into the
 * same rows of `out` (the whole canvas's RGBA): each layer's blend mode, then source-over, as W3C "Compositing
 * and Blending Level 1" §5.2 and §10 define them — what Chromium's canvas `globalCompositeOperation` draws, so an
 * export matches the screen. Layer opacity multiplies αs.
 *
 * Works a row at a time: the backdrop of one row is kept as straight floats (colour 0..1 and alpha), every
 * layer is composited onto it, and it is rounded to 8 bits once, so memory stays at one row however many layers.
 * The row is a Float32Array on purpose: every result is rounded to float32 where it is stored, which the exported
 * bytes depend on, so a faster loop must store in the same places.
 */
export function flattenRows(out: Uint8Array, width: number, layers: FlattenLayer[], top: number, bottom: number): void {
  const row = new Float32Array(width * 4)
  const blended = new Float32Array(width * 4)
  const modes = layers.map((layer) => blendModeIndex(layer.blendMode))
  for (let y = top; y < bottom; y++) {
    row.fill(0)
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!
      const ly = y - layer.offsetY
      if (ly < 0 || ly >= layer.height) continue
      const x0 = Math.max(0, layer.offsetX)
      const x1 = Math.min(width, layer.offsetX + layer.width)
      if (x1 <= x0) continue
      const start = (ly * layer.width + (x0 - layer.offsetX)) * 4
      const alphaScale = layer.opacity * INV_255
      // The mode is looked at once a row: an imported binding read per pixel costs a getter call under tsx.
      if (modes[i] === NORMAL) normalSpan(row, x0 * 4, x1 * 4, layer.rgba, start, alphaScale)
      else blendedSpan(row, x0 * 4, x1 * 4, layer.rgba, start, alphaScale, modes[i]!, blended)
    }
    toBytes(row, out, y * width * 4)
  }
}

const INV_255 = 1 / 255

/** Rounds the row to 8 bits; `x + 0.5 | 0` is Math.round for the non-negative values here, and much faster. */
function toBytes(row: Float32Array, rgba: Uint8Array, start: number): void {
  for (let i = 0; i < row.length; i++) rgba[start + i] = (row[i]! * 255 + 0.5) | 0
}

/** A normal layer's lanes [from, to) of the row over the backdrop, in place, from byte `s` of `src`. B(Cb, Cs) = Cs (§10.1.1). */
function normalSpan(row: Float32Array, from: number, to: number, src: Uint8Array, s: number, alphaScale: number): void {
  for (let d = from; d < to; d += 4, s += 4) {
    const as = src[s + 3]! * alphaScale
    const ab = row[d + 3]!
    if (ab === 0) {
      overNothing(row, d, src, s, as)
      continue
    }
    if (as === 0) continue
    const rs = src[s]! * INV_255
    const gs = src[s + 1]! * INV_255
    const bs = src[s + 2]! * INV_255
    if (ab === 1) {
      // An opaque backdrop, the usual case for a photo: αo = 1.
      row[d] = as * rs + (1 - as) * row[d]!
      row[d + 1] = as * gs + (1 - as) * row[d + 1]!
      row[d + 2] = as * bs + (1 - as) * row[d + 2]!
      continue
    }
    const backdropWeight = (1 - as) * ab
    const ao = as + backdropWeight
    const k = 1 / ao
    row[d] = (as * ((1 - ab) * rs + ab * rs) + backdropWeight * row[d]!) * k
    row[d + 1] = (as * ((1 - ab) * gs + ab * gs) + backdropWeight * row[d + 1]!) * k
    row[d + 2] = (as * ((1 - ab) * bs + ab * bs) + backdropWeight * row[d + 2]!) * k
    row[d + 3] = ao
  }
}

/**
 * A layer in another blend mode, as normalSpan. B(Cb, Cs) is worked out only for the runs of pixels where both
 * the source and the backdrop show (elsewhere it is not used), into `blended` at the same lanes as the row.
 */
function blendedSpan(row: Float32Array, from: number, to: number, src: Uint8Array, start: number, alphaScale: number, mode: number, blended: Float32Array): void {
  for (let d = from, s = start; d < to; ) {
    while (d < to && (src[s + 3]! === 0 || alphaScale === 0 || row[d + 3]! === 0)) {
      d += 4
      s += 4
    }
    const runStart = d
    const runSource = s
    while (d < to && src[s + 3]! !== 0 && row[d + 3]! !== 0) {
      d += 4
      s += 4
    }
    if (d > runStart) blendSpan(mode, row, runStart, src, runSource, blended, runStart, (d - runStart) / 4)
  }
  for (let d = from, s = start; d < to; d += 4, s += 4) {
    const as = src[s + 3]! * alphaScale
    const ab = row[d + 3]!
    if (ab === 0) {
      overNothing(row, d, src, s, as)
      continue
    }
    if (as === 0) continue
    const rB = blended[d]!
    const gB = blended[d + 1]!
    const bB = blended[d + 2]!
    if (ab === 1) {
      // An opaque backdrop: Cs' = B and αo = 1 below.
      row[d] = as * rB + (1 - as) * row[d]!
      row[d + 1] = as * gB + (1 - as) * row[d + 1]!
      row[d + 2] = as * bB + (1 - as) * row[d + 2]!
      continue
    }
    // §10: Cs' = (1 - αb) x Cs + αb x B(Cb, Cs); §5.2 source-over: co = αs x Cs' + (1 - αs) x αb x Cb,
    // αo = αs + αb x (1 - αs). The row stores straight colour, so co is divided by αo.
    const rs = src[s]! * INV_255
    const gs = src[s + 1]! * INV_255
    const bs = src[s + 2]! * INV_255
    const backdropWeight = (1 - as) * ab
    const ao = as + backdropWeight
    const k = 1 / ao
    row[d] = (as * ((1 - ab) * rs + ab * rB) + backdropWeight * row[d]!) * k
    row[d + 1] = (as * ((1 - ab) * gs + ab * gB) + backdropWeight * row[d + 1]!) * k
    row[d + 2] = (as * ((1 - ab) * bs + ab * bB) + backdropWeight * row[d + 2]!) * k
    row[d + 3] = ao
  }
}

/**
 * Over nothing the result is the source itself (§5.2 with αb = 0). Where both are fully transparent the source
 * colour is kept too, so a single layer exports exactly as it is stored.
 */
function overNothing(row: Float32Array, d: number, src: Uint8Array, s: number, as: number): void {
  row[d] = src[s]! * INV_255
  row[d + 1] = src[s + 1]! * INV_255
  row[d + 2] = src[s + 2]! * INV_255
  row[d + 3] = as
}
