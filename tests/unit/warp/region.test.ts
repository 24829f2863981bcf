import { describe, expect, it } from 'vitest'
import { previewWarp, regionWeights, solveWarp, type WarpRegion } from '../../../src-shared/warp'
import { gradient } from '../../fixtures/images'

const width = 160
const height = 120

/** An editable ellipse inside the rectangle (30, 20)–(130, 100). */
function ellipseRegion(): WarpRegion {
  const rect = { x: 30, y: 20, width: 100, height: 80 }
  const mask = new Uint8Array(rect.width * rect.height)
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      const u = (x - 49.5) / 50
      const v = (y - 39.5) / 40
      mask[y * rect.width + x] = u * u + v * v <= 1 ? 255 : 0
    }
  }
  return { rect, mask, feather: 12 }
}

describe('the editable region', () => {
  it('fades from 0 at the edge to 1 deep inside', () => {
    const region = ellipseRegion()
    const weights = regionWeights(region, { width, height })
    const { width: w } = region.rect
    expect(weights[0]).toBe(0)
    expect(weights[40 * w + 50]).toBe(1)
    for (let x = 1; x < 50; x++) expect(weights[40 * w + x]).toBeGreaterThanOrEqual(weights[40 * w + x - 1]!)
  })

  it('keeps every pixel outside it bit-identical, and moves the pixels inside', () => {
    const region = ellipseRegion()
    const source = gradient(width, height)
    const drag = { handles: [{ x: 80, y: 60 }], targets: [{ x: 86, y: 63 }], pins: [], mode: 'rigid' as const }
    const { field, limitFactor } = solveWarp(drag, { width, height }, region)
    expect(limitFactor).toBe(1)
    const out = new Uint8Array(source.length)
    previewWarp(source, width, height, field, out)
    let changedInside = 0
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const lx = x - region.rect.x
        const ly = y - region.rect.y
        const inRect = lx >= 0 && ly >= 0 && lx < region.rect.width && ly < region.rect.height
        const inside = inRect && region.mask[ly * region.rect.width + lx]! >= 128
        const i = (y * width + x) * 4
        const same = out.subarray(i, i + 4).every((value, c) => value === source[i + c])
        if (!inside) expect(same, `pixel ${x},${y}`).toBe(true)
        else if (!same) changedInside++
      }
    }
    expect(changedInside).toBeGreaterThan(1000)
  })
})
