import { describe, expect, it } from 'vitest'
import { selectAll, type Coverage } from '../../src-renderer/editor/selection/coverage'
import { selectionOutline } from '../../src-renderer/editor/selection/outline'

/** The marching ants' path: pixel borders between selected and unselected, runs merged. */
describe('selection outline', () => {
  const rectangle = (width: number, height: number, rect: { x: number; y: number; w: number; h: number }): Coverage => {
    const alpha = new Uint8ClampedArray(width * height)
    for (let y = rect.y; y < rect.y + rect.h; y++) alpha.fill(255, y * width + rect.x, y * width + rect.x + rect.w)
    return { width, height, alpha }
  }
  const segments = (outline: Float32Array) => Array.from({ length: outline.length / 4 }, (_, i) => [...outline.subarray(i * 4, i * 4 + 4)])

  it('outlines a rectangle with its four sides, on pixel borders', () => {
    expect(segments(selectionOutline(rectangle(10, 8, { x: 2, y: 1, w: 5, h: 3 })))).toEqual([
      [2, 1, 7, 1],
      [2, 4, 7, 4],
      [2, 1, 2, 4],
      [7, 1, 7, 4],
    ])
  })

  it('runs along the document edge for select all, and traces a hole inside', () => {
    expect(segments(selectionOutline(selectAll(4, 3)))).toEqual([
      [0, 0, 4, 0],
      [0, 3, 4, 3],
      [0, 0, 0, 3],
      [4, 0, 4, 3],
    ])
    const holed = selectAll(5, 5)
    holed.alpha[2 * 5 + 2] = 0
    expect(segments(selectionOutline(holed))).toHaveLength(8)
  })
})
