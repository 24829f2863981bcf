import { describe, expect, it } from 'vitest'
import { maskOver, maskRegion } from '../../../src-main/generation/maskRegion'

/** A w×h mask at (x, y) with the given (column, row) bytes set to 255. */
function mask(x: number, y: number, width: number, height: number, set: [number, number][]) {
  const alpha = new Uint8Array(width * height)
  for (const [column, row] of set) alpha[row * width + column] = 255
  return { rect: { x, y, width, height }, alpha }
}

describe('maskRegion', () => {
  it('bounds the set bytes inside the layer only, and crops the context around them', () => {
    // Set at layer (−2, 5) (off the layer), (10, 4), (13, 9) and (11, 20).
    const region = maskRegion(mask(-5, 2, 20, 20, [[3, 3], [15, 2], [18, 7], [16, 18]]), { width: 100, height: 100 }, () => 2)
    expect(region.bounds).toEqual({ x: 10, y: 4, width: 4, height: 17 })
    expect(region.crop).toEqual({ x: 8, y: 2, width: 8, height: 21 })
    expect(region.alpha[(4 - 2) * 8 + (10 - 8)]).toBe(255)
    expect(region.alpha.reduce((count, value) => count + (value ? 1 : 0), 0)).toBe(3)
  })

  it('bounds a full mask as its clipped rect', () => {
    const full = { rect: { x: -3, y: -3, width: 50, height: 40 }, alpha: new Uint8Array(2000).fill(255) }
    expect(maskRegion(full, { width: 30, height: 20 }).bounds).toEqual({ x: 0, y: 0, width: 30, height: 20 })
  })

  it('refuses a mask set only off the layer, or lying wholly outside it', () => {
    expect(() => maskRegion(mask(-5, 0, 10, 10, [[1, 1]]), { width: 20, height: 20 })).toThrow(expect.objectContaining({ code: 'generation.emptyMask' }))
    expect(() => maskRegion(mask(30, 0, 10, 10, [[1, 1]]), { width: 20, height: 20 })).toThrow(expect.objectContaining({ code: 'generation.maskOutsideLayer' }))
  })
})

describe('maskOver', () => {
  it('copies the mask’s bytes where it reaches the rect and leaves 0 elsewhere', () => {
    const over = maskOver(mask(2, 1, 3, 2, [[0, 0], [2, 1]]), { x: 1, y: 0, width: 5, height: 4 })
    expect([...over]).toEqual([0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0])
  })
})
