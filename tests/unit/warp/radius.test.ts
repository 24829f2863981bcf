import { describe, expect, it } from 'vitest'
import { displacementAt, solveWarp } from '../../../src-shared/warp'

/** A drag with no pins and no region moves content only within its radius (issue 14, item 12). */
describe('drag radius', () => {
  const layer = { width: 400, height: 300 }
  const handle = { x: 200, y: 150 }
  const drag = { handles: [handle], targets: [{ x: 230, y: 160 }], pins: [], mode: 'rigid' as const }
  const at = (field: ReturnType<typeof solveWarp>['field'], x: number, y: number) => {
    const out = new Float64Array(2)
    displacementAt(field, x, y, out)
    return Math.hypot(out[0]!, out[1]!)
  }

  it('moves the handle all the way, fades to nothing at the circle, and leaves everything beyond it still', () => {
    const { field, limitFactor } = solveWarp({ ...drag, radius: 80 }, layer)
    expect(limitFactor).toBe(1)
    expect(at(field, handle.x, handle.y)).toBeCloseTo(Math.hypot(30, 10), 0)
    expect(at(field, handle.x + 40, handle.y)).toBeGreaterThan(0)
    for (const [x, y] of [[handle.x + 81, handle.y], [handle.x, handle.y - 85], [10, 10], [390, 290]]) expect(at(field, x!, y!)).toBe(0)
  })

  it('moves the whole layer without a radius, and ignores the radius once a pin holds the rest', () => {
    expect(at(solveWarp(drag, layer).field, 10, 10)).toBeCloseTo(Math.hypot(30, 10), 0)
    const pinned = solveWarp({ ...drag, pins: [{ x: 20, y: 20 }], radius: 80 }, layer)
    expect(pinned.field.area).toEqual({ x: 0, y: 0, ...layer })
  })
})
