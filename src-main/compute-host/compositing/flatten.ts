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
 * Composites raster layers, bottom first, onto a transparent canvas of `width`×`height`: each layer's blend mode,
 * then source-over, as W3C "Compositing and Blending Level 1" §5.2 and §10 define them — what Chromium's canvas
 * `globalCompositeOperation` draws, so an export matches the screen. Layer opacity multiplies αs.
 *
 * Works a row at a time: the backdrop of one row is kept as straight floats (colour 0..1 and alpha), every
 * layer is composited onto it, and it is rounded to 8 bits once, so memory stays at one row however many layers.
 */
export function flatten(width: number, height: number, layers: FlattenLayer[]): Uint8Array {
  const rgba = new Uint8Array(width * height * 4)
  const row = new Float32Array(width * 4)
  const modes = layers.map((layer) => blendModeIndex(layer.blendMode))
  const blended = new Float32Array(width * 4)
  for (let y = 0; y < height; y++) {
    row.fill(0)
    for (let i = 0; i < layers.length; i++) compositeRow(row, width, y, layers[i]!, modes[i]!, blended)
    toBytes(row, rgba, y * width * 4)
  }
  return rgba
}

/** Rounds the row to 8 bits; `x + 0.5 | 0` is Math.round for the non-negative values here, and much faster. */
function toBytes(row: Float32Array, rgba: Uint8Array, start: number): void {
  for (let i = 0; i < row.length; i++) rgba[start + i] = (row[i]! * 255 + 0.5) | 0
}

const INV_255 = 1 / 255

/** One layer's part of row `y` over the backdrop `row`, in place; `blended` is scratch of the row's length. */
function compositeRow(row: Float32Array, width: number, y: number, layer: FlattenLayer, mode: number, blended: Float32Array): void {
  const ly = y - layer.offsetY
  if (ly < 0 || ly >= layer.height) return
  const x0 = Math.max(0, layer.offsetX)
  const x1 = Math.min(width, layer.offsetX + layer.width)
  if (x1 <= x0) return
  const src = layer.rgba
  const start = (ly * layer.width + (x0 - layer.offsetX)) * 4
  if (mode !== NORMAL) blendSpan(mode, row, x0 * 4, src, start, blended, x1 - x0)
  const alphaScale = layer.opacity * INV_255
  for (let d = x0 * 4, s = start, o = 0; d < x1 * 4; d += 4, s += 4, o += 4) {
    const as = src[s + 3]! * alphaScale
    const ab = row[d + 3]!
    if (ab === 0) {
      // Over nothing the result is the source itself (§5.2 with αb = 0). Where both are fully transparent the
      // source colour is kept too, so a single layer exports exactly as it is stored.
      row[d] = src[s]! * INV_255
      row[d + 1] = src[s + 1]! * INV_255
      row[d + 2] = src[s + 2]! * INV_255
      row[d + 3] = as
      continue
    }
    if (as === 0) continue
    const rs = src[s]! * INV_255
    const gs = src[s + 1]! * INV_255
    const bs = src[s + 2]! * INV_255
    const rb = row[d]!
    const gb = row[d + 1]!
    const bb = row[d + 2]!
    // B(Cb, Cs): the source itself for normal (§10.1.1).
    const rB = mode === NORMAL ? rs : blended[o]!
    const gB = mode === NORMAL ? gs : blended[o + 1]!
    const bB = mode === NORMAL ? bs : blended[o + 2]!
    if (ab === 1) {
      // An opaque backdrop, the usual case for a photo: Cs' = B and αo = 1 below.
      row[d] = as * rB + (1 - as) * rb
      row[d + 1] = as * gB + (1 - as) * gb
      row[d + 2] = as * bB + (1 - as) * bb
      continue
    }
    // §10: Cs' = (1 - αb) x Cs + αb x B(Cb, Cs); §5.2 source-over: co = αs x Cs' + (1 - αs) x αb x Cb,
    // αo = αs + αb x (1 - αs). The row stores straight colour, so co is divided by αo.
    const backdropWeight = (1 - as) * ab
    const ao = as + backdropWeight
    const k = 1 / ao
    row[d] = (as * ((1 - ab) * rs + ab * rB) + backdropWeight * rb) * k
    row[d + 1] = (as * ((1 - ab) * gs + ab * gB) + backdropWeight * gb) * k
    row[d + 2] = (as * ((1 - ab) * bs + ab * bB) + backdropWeight * bb) * k
    row[d + 3] = ao
  }
}
