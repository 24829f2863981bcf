import { blendModes, type BlendMode } from '../../../src-shared/contract'

/**
 * The blending functions B(Cb, Cs) of W3C "Compositing and Blending Level 1", §10, on straight colour in 0..1.
 * Written for speed: modes are small integers (their index in `blendModes`) so a switch serves every pixel,
 * and non-separable results go into a caller's scratch array instead of a new object per pixel.
 */
export const blendModeIndex = (mode: BlendMode): number => blendModes.indexOf(mode)

/** B(Cb, Cs) = Cs (§10.1.1): the compositor skips the blend call for it. */
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

/** §10.1.6: "If Cs <= 0.5 … Multiply(Cb, 2 x Cs) … else Screen(Cb, 2 x Cs - 1)". */
function hardLight(cb: number, cs: number): number {
  if (cs <= 0.5) return cb * 2 * cs
  const s = 2 * cs - 1
  return cb + s - cb * s
}

/** §10.1.7, with D(Cb) for the lighter half. */
function softLight(cb: number, cs: number): number {
  if (cs <= 0.5) return cb - (1 - 2 * cs) * cb * (1 - cb)
  const d = cb <= 0.25 ? ((16 * cb - 12) * cb + 4) * cb : Math.sqrt(cb)
  return cb + (2 * cs - 1) * (d - cb)
}

/** §10.1: normal through exclusion blend each channel on its own; the four after them do not. */
export const isSeparable = (mode: number) => mode < HUE

/** §10.1.1–10.1.10: one channel of a separable mode. */
export function separable(mode: number, cb: number, cs: number): number {
  switch (mode) {
    case MULTIPLY:
      return cb * cs
    case SCREEN:
      return cb + cs - cb * cs
    case OVERLAY:
      return hardLight(cs, cb)
    case DARKEN:
      return cb < cs ? cb : cs
    case LIGHTEN:
      return cb > cs ? cb : cs
    case COLOR_DODGE:
      if (cb === 0) return 0
      if (cs === 1) return 1
      return Math.min(1, cb / (1 - cs))
    case COLOR_BURN:
      if (cb === 1) return 1
      if (cs === 0) return 0
      return 1 - Math.min(1, (1 - cb) / cs)
    case HARD_LIGHT:
      return hardLight(cb, cs)
    case SOFT_LIGHT:
      return softLight(cb, cs)
    case DIFFERENCE:
      return Math.abs(cb - cs)
    case EXCLUSION:
      return cb + cs - 2 * cb * cs
    default: // NORMAL
      return cs
  }
}

/** §10.2: Lum(C) = 0.3 x Cred + 0.59 x Cgreen + 0.11 x Cblue. */
const lum = (r: number, g: number, b: number) => 0.3 * r + 0.59 * g + 0.11 * b

/** §10.2 SetLum followed by ClipColor (whose n and x are taken once, before either correction), into `out[6..8]`. */
function setLum(r: number, g: number, b: number, l: number, out: Float64Array): void {
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
  out[6] = r
  out[7] = g
  out[8] = b
}

/** §10.2 SetSat into `out[6..8]`: the largest channel becomes `s`, the smallest 0, the middle one scaled between. */
function setSat(r: number, g: number, b: number, s: number, out: Float64Array): void {
  const max = Math.max(r, g, b)
  const min = Math.min(r, g, b)
  if (max <= min) {
    out[6] = out[7] = out[8] = 0
    return
  }
  const scale = s / (max - min)
  out[6] = (r - min) * scale
  out[7] = (g - min) * scale
  out[8] = (b - min) * scale
}

const sat = (r: number, g: number, b: number) => Math.max(r, g, b) - Math.min(r, g, b)

/**
 * §10.2: B(Cb, Cs) of a non-separable mode. `colours` holds Cb in [0..2] and Cs in [3..5]; B goes into [6..8].
 * One array instead of six numbers keeps V8 from boxing a double per argument on every pixel.
 */
export function nonSeparable(mode: number, colours: Float64Array): void {
  const rb = colours[0]!
  const gb = colours[1]!
  const bb = colours[2]!
  const rs = colours[3]!
  const gs = colours[4]!
  const bs = colours[5]!
  switch (mode) {
    case HUE:
      setSat(rs, gs, bs, sat(rb, gb, bb), colours)
      setLum(colours[6]!, colours[7]!, colours[8]!, lum(rb, gb, bb), colours)
      return
    case SATURATION:
      setSat(rb, gb, bb, sat(rs, gs, bs), colours)
      setLum(colours[6]!, colours[7]!, colours[8]!, lum(rb, gb, bb), colours)
      return
    case COLOR:
      setLum(rs, gs, bs, lum(rb, gb, bb), colours)
      return
    default: // LUMINOSITY
      setLum(rb, gb, bb, lum(rs, gs, bs), colours)
  }
}
