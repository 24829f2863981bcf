import { describe, expect, it } from 'vitest'
import { extendedPixels } from '../../../src-main/compute-host/compositing/extendedPixels'
import { outpaintRegion } from '../../../src-main/generation/outpaintRegion'

describe('outpaintRegion', () => {
  it('masks the new area and a seam band on the sides that grow, in the new canvas, with context around it', () => {
    const { canvas, crop, alpha, bounds } = outpaintRegion({ width: 200, height: 100 }, { left: 0, top: 10, right: 20, bottom: 0 }, 4)
    expect(canvas).toEqual({ x: 0, y: -10, width: 220, height: 110 })
    // Top strip (10 + 4 seam) and right strip (20 + 4 seam): their union spans the whole canvas.
    expect(bounds).toEqual({ x: 0, y: 0, width: 220, height: 110 })
    expect(crop).toEqual(bounds)
    const at = (x: number, y: number) => alpha[y * crop.width + x]
    expect([at(100, 0), at(100, 13), at(100, 14), at(219, 60), at(196, 60), at(195, 60), at(50, 60)]).toEqual([255, 255, 0, 255, 255, 0, 0])
  })

  it('keeps the crop to the growing side plus context when one side grows', () => {
    const { crop, bounds } = outpaintRegion({ width: 400, height: 100 }, { left: 0, top: 0, right: 60, bottom: 0 }, 8)
    expect(bounds).toEqual({ x: 392, y: 0, width: 68, height: 100 })
    expect(crop).toEqual({ x: 392 - 32, y: 0, width: 68 + 32, height: 100 })
    const alpha = outpaintRegion({ width: 400, height: 100 }, { left: 0, top: 0, right: 60, bottom: 0 }, 8).alpha
    // Canvas column 391 is the old image's, 392 the seam's first: the crop starts at 360.
    expect([alpha[50 * crop.width + 391 - 360], alpha[50 * crop.width + 392 - 360], alpha[99 * crop.width + 99]]).toEqual([0, 255, 255])
  })

  it('masks a left band in every row and a bottom band across whole rows', () => {
    const { crop, alpha } = outpaintRegion({ width: 200, height: 100 }, { left: 30, top: 0, right: 0, bottom: 10 }, 5)
    const at = (x: number, y: number) => alpha[(y - crop.y) * crop.width + x - crop.x]
    // Left: new 30 columns and 5 of seam; bottom: the 5 seam rows from y 95 and the 10 new ones.
    expect([at(34, 20), at(35, 20), at(150, 94), at(150, 95), at(229, 109)]).toEqual([255, 0, 0, 255, 255])
  })
})

describe('extendedPixels', () => {
  it('copies the layer where the crop covers it and repeats its edge pixels outward', () => {
    // A 3×2 layer whose pixel (x, y) has red 10·x + y, read whole, placed at (1, 1) of the new canvas.
    const rgba = new Uint8Array(3 * 2 * 4).map((_, i) => (i % 4 === 0 ? 10 * ((i / 4) % 3) + Math.floor(i / 12) : 255))
    const out = extendedPixels({ rgba, rect: { x: 0, y: 0, width: 3, height: 2 } }, { x: 1, y: 1 }, { x: 0, y: 0, width: 6, height: 4 })
    const red = Array.from({ length: 4 }, (_, y) => Array.from({ length: 6 }, (_, x) => out[(y * 6 + x) * 4]))
    expect(red).toEqual([
      [0, 0, 10, 20, 20, 20],
      [0, 0, 10, 20, 20, 20],
      [1, 1, 11, 21, 21, 21],
      [1, 1, 11, 21, 21, 21],
    ])
    expect(out.every((value, i) => i % 4 !== 3 || value === 255)).toBe(true)
  })
})
