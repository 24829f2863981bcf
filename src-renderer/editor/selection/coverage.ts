/**
 * A selection is a coverage map: one byte per document pixel, 255 selected, 0 not, in between for soft
 * (anti-aliased or feathered) edges. These are its operations, as pure functions on typed arrays.
 */
export interface Coverage {
  width: number
  height: number
  alpha: Uint8ClampedArray
}

export type CombineMode = 'replace' | 'add' | 'subtract' | 'intersect'

export const emptyCoverage = (width: number, height: number): Coverage => ({ width, height, alpha: new Uint8ClampedArray(width * height) })

export function selectAll(width: number, height: number): Coverage {
  return { width, height, alpha: new Uint8ClampedArray(width * height).fill(255) }
}

export function invert(selection: Coverage): Coverage {
  return { ...selection, alpha: selection.alpha.map((a) => 255 - a) }
}

/** Photoshop's modifiers: Shift adds, Alt subtracts, both intersect. */
export function combine(current: Coverage | undefined, next: Coverage, mode: CombineMode): Coverage {
  if (!current || mode === 'replace') return next
  const alpha = new Uint8ClampedArray(next.alpha.length)
  for (let i = 0; i < alpha.length; i++) {
    const a = current.alpha[i]!
    const b = next.alpha[i]!
    alpha[i] = mode === 'add' ? Math.max(a, b) : mode === 'subtract' ? Math.min(a, 255 - b) : Math.min(a, b)
  }
  return { ...next, alpha }
}

export function isEmpty(selection: Coverage): boolean {
  return !selection.alpha.some((a) => a > 0)
}

/** The smallest rectangle holding every selected pixel, or undefined when nothing is selected. */
export function coverageBounds(selection: Coverage): { x: number; y: number; width: number; height: number } | undefined {
  const { width, height, alpha } = selection
  let [left, top, right, bottom] = [width, height, -1, -1]
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (alpha[y * width + x]! === 0) continue
      if (x < left) left = x
      if (x > right) right = x
      if (y < top) top = y
      bottom = y
    }
  }
  return right < 0 ? undefined : { x: left, y: top, width: right - left + 1, height: bottom - top + 1 }
}

/**
 * Magic wand: pixels whose every channel is within `tolerance` of the clicked pixel's, either all over the
 * image or only those connected to it (4-neighbour flood fill), as Photoshop's Contiguous option.
 */
export function magicWand(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, seed: { x: number; y: number }, tolerance: number, contiguous: boolean): Coverage {
  const out = emptyCoverage(width, height)
  const start = (Math.floor(seed.y) * width + Math.floor(seed.x)) * 4
  const near = (pixel: number) => {
    const p = pixel * 4
    return (
      Math.abs(rgba[p]! - rgba[start]!) <= tolerance &&
      Math.abs(rgba[p + 1]! - rgba[start + 1]!) <= tolerance &&
      Math.abs(rgba[p + 2]! - rgba[start + 2]!) <= tolerance &&
      Math.abs(rgba[p + 3]! - rgba[start + 3]!) <= tolerance
    )
  }
  if (!contiguous) {
    for (let i = 0; i < width * height; i++) if (near(i)) out.alpha[i] = 255
    return out
  }
  const stack = new Int32Array(width * height)
  let top = 0
  stack[top++] = start / 4
  out.alpha[start / 4] = 255
  while (top > 0) {
    const pixel = stack[--top]!
    const x = pixel % width
    for (const next of [x > 0 ? pixel - 1 : -1, x < width - 1 ? pixel + 1 : -1, pixel - width, pixel + width]) {
      if (next < 0 || next >= width * height || out.alpha[next] !== 0 || !near(next)) continue
      out.alpha[next] = 255
      stack[top++] = next
    }
  }
  return out
}

/**
 * Grows (radius > 0) or shrinks (radius < 0) the selected area by a distance in pixels, using a two-pass
 * chamfer distance transform (Borgefors 1986, 3-4 weights) so the cost doesn't depend on the radius.
 */
export function grow(selection: Coverage, radius: number): Coverage {
  const { width, height } = selection
  const inside = (i: number) => (radius >= 0 ? selection.alpha[i]! >= 128 : selection.alpha[i]! < 128)
  const distance = new Float32Array(width * height).map((_, i) => (inside(i) ? 0 : Infinity))
  const relax = (i: number, j: number, cost: number) => {
    if (distance[j]! + cost < distance[i]!) distance[i] = distance[j]! + cost
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      if (x > 0) relax(i, i - 1, 3)
      if (y > 0) {
        relax(i, i - width, 3)
        if (x > 0) relax(i, i - width - 1, 4)
        if (x < width - 1) relax(i, i - width + 1, 4)
      }
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x
      if (x < width - 1) relax(i, i + 1, 3)
      if (y < height - 1) {
        relax(i, i + width, 3)
        if (x < width - 1) relax(i, i + width + 1, 4)
        if (x > 0) relax(i, i + width - 1, 4)
      }
    }
  }
  const reach = Math.abs(radius) * 3
  const alpha = new Uint8ClampedArray(width * height)
  for (let i = 0; i < alpha.length; i++) {
    const within = distance[i]! <= reach
    alpha[i] = radius >= 0 ? (within ? 255 : 0) : within ? 0 : 255
  }
  return { ...selection, alpha }
}

/** Softens the edge: three box blurs of the coverage approximate a Gaussian of that radius (Wells 1986). */
export function feather(selection: Coverage, radius: number): Coverage {
  const { width, height } = selection
  let alpha: Float32Array = Float32Array.from(selection.alpha)
  const box = Math.max(1, Math.round(radius / 1.5))
  for (let pass = 0; pass < 3; pass++) {
    alpha = boxBlur(alpha, width, height, box, true)
    alpha = boxBlur(alpha, width, height, box, false)
  }
  return { ...selection, alpha: Uint8ClampedArray.from(alpha, (a) => Math.round(a)) }
}

function boxBlur(source: Float32Array, width: number, height: number, radius: number, horizontal: boolean): Float32Array {
  const out = new Float32Array(source.length)
  const [lines, length] = horizontal ? [height, width] : [width, height]
  const at = (line: number, k: number) => (horizontal ? line * width + k : k * width + line)
  for (let line = 0; line < lines; line++) {
    let sum = 0
    for (let k = -radius; k <= radius; k++) sum += source[at(line, Math.min(length - 1, Math.max(0, k)))]!
    for (let k = 0; k < length; k++) {
      out[at(line, k)] = sum / (2 * radius + 1)
      sum += source[at(line, Math.min(length - 1, k + radius + 1))]! - source[at(line, Math.max(0, k - radius))]!
    }
  }
  return out
}
