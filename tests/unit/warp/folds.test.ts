import { describe, expect, it } from 'vitest'
import { foldedCells, solveWarp, type Drag } from '../../../src-shared/warp'

const layer = { width: 200, height: 160 }
const pins = [
  { x: 0, y: 0 },
  { x: 199, y: 0 },
  { x: 0, y: 159 },
  { x: 199, y: 159 },
]

describe('fold-overs', () => {
  it('a gentle drag does not fold and is applied in full', () => {
    const drag: Drag = { handles: [{ x: 100, y: 80 }], targets: [{ x: 110, y: 84 }], pins, mode: 'rigid' }
    const solution = solveWarp(drag, layer)
    expect(solution.foldedCells).toEqual([])
    expect(solution.limitFactor).toBe(1)
  })

  it.each(['affine', 'similarity', 'rigid'] as const)('%s: crossing handles are caught and the limited warp has no fold', (mode) => {
    const drag: Drag = {
      handles: [
        { x: 80, y: 80 },
        { x: 120, y: 80 },
      ],
      targets: [
        { x: 130, y: 80 },
        { x: 70, y: 80 },
      ],
      pins,
      mode,
    }
    const solution = solveWarp(drag, layer)
    expect(solution.foldedCells.length).toBeGreaterThan(0)
    // The folds lie between the crossing handles.
    for (const cell of solution.foldedCells) {
      expect(cell.x + cell.width).toBeGreaterThan(40)
      expect(cell.x).toBeLessThan(160)
    }
    expect(solution.limitFactor).toBeGreaterThan(0)
    expect(solution.limitFactor).toBeLessThan(1)
    expect(foldedCells(solution.field)).toEqual([])
  })

  it('with fewer bisections the limit is found more coarsely, never past the fold', () => {
    const drag: Drag = { handles: [{ x: 80, y: 80 }, { x: 120, y: 80 }], targets: [{ x: 130, y: 80 }, { x: 70, y: 80 }], pins, mode: 'rigid' }
    const exact = solveWarp(drag, layer)
    const coarse = solveWarp(drag, layer, undefined, { bisections: 6 })
    expect(coarse.foldedCells).toEqual(exact.foldedCells)
    expect(foldedCells(coarse.field)).toEqual([])
    expect(coarse.limitFactor).toBeLessThanOrEqual(exact.limitFactor)
    expect(exact.limitFactor - coarse.limitFactor).toBeLessThan(1 / 64)
  })
})
