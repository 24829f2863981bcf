import { blendModes, type BlendMode } from '../../../src-shared/contract'

/**
 * The blending functions B(Cb, Cs) of W3C "Compositing and Blending Level 1", §10, on straight colour in 0..1.
 * Written for speed: a mode is a small integer (its index in `blendModes`), chosen once per span of a row, so each
 * loop below calls one small function V8 inlines, and nothing is allocated per pixel.
 */
export const blendModeIndex = (mode: BlendMode): number => blendModes.indexOf(mode)

/** B(Cb, Cs) = Cs (§10.1.1): the compositor uses the source itself. */
export const NORMAL = 0
const MULTIPLY = 1
const SCREEN = 2
const OVERLAY = 3
const DARKEN = 4
const LIGHTEN = 5
const COLOR_DODGE = 6
const COLOR_BURN = 7
const HARD_LIGHT = 8
const SOFT_LIGHT = 9
const DIFFERENCE = 10
const EXCLUSION = 11
const HUE = 12
const SATURATION = 13
const COLOR = 14

const INV_255 = 1 / 255

/**
 * B(Cb, Cs) for `count` pixels into `out` (RGBA lanes from `o`; its alpha lanes are scratch): Cb as straight floats
 * in `backdrop` from lane `b`, Cs as straight 8-bit RGBA in `source` from byte `s`.
 */
export function blendSpan(mode: number, backdrop: Float32Array, b: number, source: Uint8Array, s: number, out: Float32Array, o: number, count: number): void {
  if (mode >= HUE) return nonSeparableSpan(mode, backdrop, b, source, s, out, o, count)
  const lanes = count * 4
  // §10.1: a separable mode blends each channel on its own, so one loop runs over the colour lanes (alpha is not blended).
  switch (mode) {
    case MULTIPLY:
      for (let p = 0; p < lanes; p += 4) for (let i = p; i < p + 3; i++) out[o + i] = multiply(backdrop[b + i]!, source[s + i]! * INV_255)
      return
    case SCREEN:
      for (let p = 0; p < lanes; p += 4) for (let i = p; i < p + 3; i++) out[o + i] = screen(backdrop[b + i]!, source[s + i]! * INV_255)
      return
    case OVERLAY:
      for (let p = 0; p < lanes; p += 4) for (let i = p; i < p + 3; i++) out[o + i] = hardLight(source[s + i]! * INV_255, backdrop[b + i]!)
      return
    case DARKEN:
      for (let p = 0; p < lanes; p += 4) for (let i = p; i < p + 3; i++) out[o + i] = Math.min(backdrop[b + i]!, source[s + i]! * INV_255)
      return
    case LIGHTEN:
      for (let p = 0; p < lanes; p += 4) for (let i = p; i < p + 3; i++) out[o + i] = Math.max(backdrop[b + i]!, source[s + i]! * INV_255)
      return
    case COLOR_DODGE:
      for (let p = 0; p < lanes; p += 4) for (let i = p; i < p + 3; i++) out[o + i] = colorDodge(backdrop[b + i]!, source[s + i]! * INV_255)
      return
    case COLOR_BURN:
      for (let p = 0; p < lanes; p += 4) for (let i = p; i < p + 3; i++) out[o + i] = colorBurn(backdrop[b + i]!, source[s + i]! * INV_255)
      return
    case HARD_LIGHT:
      for (let p = 0; p < lanes; p += 4) for (let i = p; i < p + 3; i++) out[o + i] = hardLight(backdrop[b + i]!, source[s + i]! * INV_255)
      return
    case SOFT_LIGHT:
      for (let p = 0; p < lanes; p += 4) for (let i = p; i < p + 3; i++) out[o + i] = softLight(backdrop[b + i]!, source[s + i]! * INV_255)
      return
    case DIFFERENCE:
      for (let p = 0; p < lanes; p += 4) for (let i = p; i < p + 3; i++) out[o + i] = Math.abs(backdrop[b + i]! - source[s + i]! * INV_255)
      return
    case EXCLUSION:
      for (let p = 0; p < lanes; p += 4) for (let i = p; i < p + 3; i++) out[o + i] = exclusion(backdrop[b + i]!, source[s + i]! * INV_255)
      return
  }
}

/** §10.1.2 */
const multiply = (cb: number, cs: number) => cb * cs

/** §10.1.3 */
const screen = (cb: number, cs: number) => cb + cs - cb * cs

/** §10.1.7: 0 stays 0, a white source gives 1, else Cb / (1 − Cs) up to 1. */
function colorDodge(cb: number, cs: number): number {
  if (cb === 0) return 0
  if (cs === 1) return 1
  return Math.min(1, cb / (1 - cs))
}

/** §10.1.8: 1 stays 1, a black source gives 0, else 1 − (1 − Cb) / Cs down to 0. */
function colorBurn(cb: number, cs: number): number {
  if (cb === 1) return 1
  if (cs === 0) return 0
  return 1 - Math.min(1, (1 - cb) / cs)
}

/** §10.1.12 */
const exclusion = (cb: number, cs: number) => cb + cs - 2 * cb * cs

/** §10.1.9: "if(Cs <= 0.5) B = Multiply(Cb, 2 x Cs) else B = Screen(Cb, 2 x Cs -1)"; overlay (§10.1.4) swaps its arguments. */
function hardLight(cb: number, cs: number): number {
  if (cs <= 0.5) return multiply(cb, 2 * cs)
  return screen(cb, 2 * cs - 1)
}

/** §10.1.10, with D(Cb) for the lighter half. */
function softLight(cb: number, cs: number): number {
  if (cs <= 0.5) return cb - (1 - 2 * cs) * cb * (1 - cb)
  const d = cb <= 0.25 ? ((16 * cb - 12) * cb + 4) * cb : Math.sqrt(cb)
  return cb + (2 * cs - 1) * (d - cb)
}

/** §10.2: Lum(C) = 0.3 x Cred + 0.59 x Cgreen + 0.11 x Cblue. */
const lum = (r: number, g: number, b: number) => 0.3 * r + 0.59 * g + 0.11 * b

/** §10.2 SetLum followed by ClipColor (whose n and x are taken once, before either correction), into `out` at pixel lane `p`. */
function setLum(out: Float32Array, p: number, r: number, g: number, b: number, l: number): void {
  const d = l - lum(r, g, b)
  r += d
  g += d
  b += d
  const lc = lum(r, g, b)
  const n = Math.min(r, g, b)
  const x = Math.max(r, g, b)
  if (n < 0) {
    const k = lc / (lc - n)
    r = lc + (r - lc) * k
    g = lc + (g - lc) * k
    b = lc + (b - lc) * k
  }
  if (x > 1) {
    const k = (1 - lc) / (x - lc)
    r = lc + (r - lc) * k
    g = lc + (g - lc) * k
    b = lc + (b - lc) * k
  }
  out[p] = r
  out[p + 1] = g
  out[p + 2] = b
}

/** §10.2 SetSat into `out` at pixel lane `p`: the largest channel becomes `s`, the smallest 0, the middle one scaled between. */
function setSat(out: Float32Array, p: number, r: number, g: number, b: number, s: number): void {
  const max = Math.max(r, g, b)
  const min = Math.min(r, g, b)
  if (max <= min) {
    out[p] = out[p + 1] = out[p + 2] = 0
    return
  }
  const scale = s / (max - min)
  out[p] = (r - min) * scale
  out[p + 1] = (g - min) * scale
  out[p + 2] = (b - min) * scale
}

const sat = (r: number, g: number, b: number) => Math.max(r, g, b) - Math.min(r, g, b)

/** §10.2: the non-separable modes, a pixel at a time (they mix the three channels). */
function nonSeparableSpan(mode: number, backdrop: Float32Array, b: number, source: Uint8Array, s: number, out: Float32Array, o: number, count: number): void {
  for (let i = 0, p = o; i < count * 4; i += 4, p += 4) {
    const rb = backdrop[b + i]!
    const gb = backdrop[b + i + 1]!
    const bb = backdrop[b + i + 2]!
    const rs = source[s + i]! * INV_255
    const gs = source[s + i + 1]! * INV_255
    const bs = source[s + i + 2]! * INV_255
    switch (mode) {
      case HUE:
        setSat(out, p, rs, gs, bs, sat(rb, gb, bb))
        setLum(out, p, out[p]!, out[p + 1]!, out[p + 2]!, lum(rb, gb, bb))
        break
      case SATURATION:
        setSat(out, p, rb, gb, bb, sat(rs, gs, bs))
        setLum(out, p, out[p]!, out[p + 1]!, out[p + 2]!, lum(rb, gb, bb))
        break
      case COLOR:
        setLum(out, p, rs, gs, bs, lum(rb, gb, bb))
        break
      default: // LUMINOSITY
        setLum(out, p, rb, gb, bb, lum(rs, gs, bs))
    }
  }
}
