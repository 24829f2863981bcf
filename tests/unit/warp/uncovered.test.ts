import { describe, expect, it } from 'vitest'
import { regionWeights, solveWarp, uncoveredMask, type Drag, type WarpRegion } from '../../../src-shared/warp'

const layer = { width: 240, height: 160 }
const handles = [
  { x: 100, y: 70 },
  { x: 140, y: 90 },
]

/** Every handle moved by `dx` to the right: inside the region's core, a plain translation. */
const pushRight = (dx: number): Drag => ({ handles, targets: handles.map((p) => ({ x: p.x + dx, y: p.y })), pins: [], mode: 'rigid' })

function box(x: number, width: number): WarpRegion {
  return { rect: { x, y: 20, width, height: 120 }, mask: new Uint8Array(width * 120).fill(255), feather: 40 }
}

function columnsOf(mask: Uint8Array): Set<number> {
  const columns = new Set<number>()
  mask.forEach((value, i) => value && columns.add(i % layer.width))
  return columns
}

describe('the uncovered area', () => {
  it('is empty when nothing moves', () => {
    const { field } = solveWarp(pushRight(0), layer, box(40, 160))
    expect(uncoveredMask(field, layer.width, layer.height).includes(255)).toBe(false)
  })

  it('is the ground the drag left: the stretched band on the trailing side, never the leading side or outside the region', () => {
    const region = box(40, 160)
    const { field, limitFactor } = solveWarp(pushRight(20), layer, region)
    expect(limitFactor).toBe(1)
    const columns = columnsOf(uncoveredMask(field, layer.width, layer.height))
    expect(columns.size).toBeGreaterThan(0)
    // Trailing side: the left fade of the region, where the content moved away and the edge was stretched over it.
    for (const x of columns) {
      expect(x).toBeGreaterThanOrEqual(40)
      expect(x).toBeLessThan(40 + 40)
    }
  })

  it('includes output that would read from beyond the layer', () => {
    // A region on the layer's left border moves up to it (no fade there), so its first columns read from x < 0.
    const region = box(0, 160)
    expect(regionWeights(region, layer)[60 * 160]).toBe(1)
    const { field } = solveWarp(pushRight(30), layer, region)
    const mask = uncoveredMask(field, layer.width, layer.height)
    for (let y = 60; y < 100; y++) {
      for (let x = 0; x < 25; x++) expect(mask[y * layer.width + x], `${x},${y}`).toBe(255)
    }
  })
})
