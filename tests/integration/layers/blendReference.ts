/**
 * W3C "Compositing and Blending Level 1" written out straight from its pseudo-code (§5.2 source-over, §10 blending),
 * in doubles and plain arrays: the yardstick the compositor is measured against, not a copy of its fast code.
 */
import type { BlendMode } from '../../../src-shared/contract'

type Colour = [number, number, number]

const hardLight = (cb: number, cs: number) => (cs <= 0.5 ? cb * (2 * cs) : screen(cb, 2 * cs - 1))
const screen = (cb: number, cs: number) => cb + cs - cb * cs

const separableModes: Partial<Record<BlendMode, (cb: number, cs: number) => number>> = {
  normal: (_cb, cs) => cs,
  multiply: (cb, cs) => cb * cs,
  screen,
  overlay: (cb, cs) => hardLight(cs, cb),
  darken: Math.min,
  lighten: Math.max,
  'color-dodge': (cb, cs) => (cb === 0 ? 0 : cs === 1 ? 1 : Math.min(1, cb / (1 - cs))),
  'color-burn': (cb, cs) => (cb === 1 ? 1 : cs === 0 ? 0 : 1 - Math.min(1, (1 - cb) / cs)),
  'hard-light': hardLight,
  'soft-light': (cb, cs) => {
    if (cs <= 0.5) return cb - (1 - 2 * cs) * cb * (1 - cb)
    const d = cb <= 0.25 ? ((16 * cb - 12) * cb + 4) * cb : Math.sqrt(cb)
    return cb + (2 * cs - 1) * (d - cb)
  },
  difference: (cb, cs) => Math.abs(cb - cs),
  exclusion: (cb, cs) => cb + cs - 2 * cb * cs,
}

const lum = ([r, g, b]: Colour) => 0.3 * r + 0.59 * g + 0.11 * b

function clipColor(c: Colour): Colour {
  const l = lum(c)
  const n = Math.min(...c)
  const x = Math.max(...c)
  let out = c
  if (n < 0) out = out.map((v) => l + ((v - l) * l) / (l - n)) as Colour
  if (x > 1) out = out.map((v) => l + ((v - l) * (1 - l)) / (x - l)) as Colour
  return out
}

const setLum = (c: Colour, l: number) => clipColor(c.map((v) => v + (l - lum(c))) as Colour)
const sat = (c: Colour) => Math.max(...c) - Math.min(...c)

/** The spec's SetSat, naming Cmax, Cmid and Cmin by sorting the channel indices. */
function setSat(c: Colour, s: number): Colour {
  const [min, mid, max] = [0, 1, 2].sort((a, b) => c[a]! - c[b]!)
  const out: Colour = [0, 0, 0]
  if (c[max]! > c[min]!) {
    out[mid!] = ((c[mid!]! - c[min!]!) * s) / (c[max!]! - c[min!]!)
    out[max!] = s
  }
  return out
}

const nonSeparableModes: Partial<Record<BlendMode, (cb: Colour, cs: Colour) => Colour>> = {
  hue: (cb, cs) => setLum(setSat(cs, sat(cb)), lum(cb)),
  saturation: (cb, cs) => setLum(setSat(cb, sat(cs)), lum(cb)),
  color: (cb, cs) => setLum(cs, lum(cb)),
  luminosity: (cb, cs) => setLum(cb, lum(cs)),
}

export function blendReference(mode: BlendMode, cb: Colour, cs: Colour): Colour {
  const separable = separableModes[mode]
  if (separable) return cb.map((b, i) => separable(b, cs[i]!)) as Colour
  return nonSeparableModes[mode]!(cb, cs)
}

/**
 * One 8-bit source pixel over one 8-bit backdrop pixel, the source layer at `opacity`: §10 mixes B into Cs by αb,
 * §5.2 source-over composites it, and the straight result is rounded to 8 bits.
 */
export function compositeReference(mode: BlendMode, backdrop: readonly number[], source: readonly number[], opacity: number): number[] {
  const cb = backdrop.slice(0, 3).map((v) => v / 255) as Colour
  const cs = source.slice(0, 3).map((v) => v / 255) as Colour
  const ab = backdrop[3]! / 255
  const as = (source[3]! / 255) * opacity
  const b = blendReference(mode, cb, cs)
  const csPrime = cs.map((c, i) => (1 - ab) * c + ab * b[i]!)
  const ao = as + ab * (1 - as)
  const co = csPrime.map((c, i) => as * c + (1 - as) * ab * cb[i]!)
  if (ao === 0) return [...source.slice(0, 3), 0]
  return [...co.map((c) => Math.round((c / ao) * 255)), Math.round(ao * 255)]
}
