import { describe, expect, it } from 'vitest'
import { combine, coverageBounds, emptyCoverage, feather, grow, invert, magicWand, selectAll, type Coverage } from '../../src-renderer/editor/selection/coverage'

/** A coverage with the rectangle [x0, x1) × [y0, y1) selected. */
function box(width: number, height: number, x0: number, y0: number, x1: number, y1: number): Coverage {
  const c = emptyCoverage(width, height)
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) c.alpha[y * width + x] = 255
  return c
}
const count = (c: Coverage) => c.alpha.reduce((n, a) => n + (a >= 128 ? 1 : 0), 0)

describe('selection coverage', () => {
  it('combines as Photoshop does: replace, add, subtract, intersect', () => {
    const a = box(10, 10, 0, 0, 6, 10)
    const b = box(10, 10, 4, 0, 10, 10)
    expect(count(combine(a, b, 'replace'))).toBe(60)
    expect(count(combine(a, b, 'add'))).toBe(100)
    expect(count(combine(a, b, 'subtract'))).toBe(40)
    expect(count(combine(a, b, 'intersect'))).toBe(20)
    expect(count(combine(undefined, b, 'subtract'))).toBe(60)
  })

  it('inverts, selects all and finds the bounds', () => {
    expect(count(invert(box(8, 8, 2, 2, 4, 4)))).toBe(60)
    expect(count(selectAll(5, 4))).toBe(20)
    expect(coverageBounds(box(20, 10, 3, 4, 9, 6))).toEqual({ x: 3, y: 4, width: 6, height: 2 })
    expect(coverageBounds(emptyCoverage(4, 4))).toBeUndefined()
  })

  it('magic wand selects similar pixels, only connected ones when contiguous', () => {
    // Two red squares separated by a blue column, on a 9×3 image.
    const width = 9
    const rgba = new Uint8Array(width * 3 * 4)
    for (let i = 0; i < width * 3; i++) rgba.set(i % width === 4 ? [0, 0, 255, 255] : [200 + (i % 3), 10, 10, 255], i * 4)
    expect(count(magicWand(rgba, width, 3, { x: 0, y: 0 }, 8, true))).toBe(12)
    expect(count(magicWand(rgba, width, 3, { x: 0, y: 0 }, 8, false))).toBe(24)
    expect(count(magicWand(rgba, width, 3, { x: 0, y: 0 }, 0, false))).toBe(9) // only the reds of exactly 200
  })

  it('grows and shrinks by a distance, independent of how it is computed', () => {
    const square = box(41, 41, 15, 15, 26, 26)
    const grown = grow(square, 5)
    expect(coverageBounds(grown)).toEqual({ x: 10, y: 10, width: 21, height: 21 })
    expect(grown.alpha[20 * 41 + 10]).toBe(255)
    expect(grown.alpha[10 * 41 + 10]).toBe(0) // a corner 5 px away on both axes is farther than 5
    expect(coverageBounds(grow(square, -3))).toEqual({ x: 18, y: 18, width: 5, height: 5 })
  })

  it('feathers the edge into a ramp and keeps the middle selected', () => {
    const soft = feather(box(60, 1, 4, 0, 56, 1), 6)
    expect(soft.alpha[30]).toBe(255)
    const ramp = [...soft.alpha.slice(0, 30)]
    expect(ramp.every((a, i) => i === 0 || a >= ramp[i - 1]!)).toBe(true)
    expect(ramp.some((a) => a > 20 && a < 235)).toBe(true)
  })
})
