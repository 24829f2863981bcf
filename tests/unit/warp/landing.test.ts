import { describe, expect, it } from 'vitest'
import { rowDisplacement, solveWarp, warpModes, type Drag } from '../../../src-shared/warp'

const layer = { width: 320, height: 240 }
const handles = [
  { x: 101.3, y: 83.7 },
  { x: 187.6, y: 121.2 },
]
const targets = [
  { x: 131.9, y: 70.4 },
  { x: 203.2, y: 139.85 },
]
const pins = [
  { x: 45.5, y: 190.25 },
  { x: 270.1, y: 30.6 },
  { x: 250.3, y: 200.9 },
]

/** Where the output pixel at (x, y) reads the source. */
function readsFrom(drag: Drag, x: number, y: number) {
  const { field } = solveWarp(drag, layer)
  const shiftX = new Float64Array(layer.width)
  const shiftY = new Float64Array(layer.width)
  rowDisplacement(field, y, shiftX, shiftY)
  return { x: x + shiftX[x]!, y: y + shiftY[x]! }
}

describe('landing between grid nodes', () => {
  it.each(warpModes)('%s: the pixel at each target reads its handle, and pins hold, to within half a pixel', (mode) => {
    const drag: Drag = { handles, targets, pins, mode }
    targets.forEach((target, i) => {
      // The output pixel nearest the target should read the handle plus the same sub-pixel offset.
      const x = Math.round(target.x)
      const y = Math.round(target.y)
      const read = readsFrom(drag, x, y)
      expect(Math.hypot(read.x - (handles[i]!.x + x - target.x), read.y - (handles[i]!.y + y - target.y))).toBeLessThan(0.5)
    })
    for (const pin of pins) {
      const x = Math.round(pin.x)
      const y = Math.round(pin.y)
      const read = readsFrom(drag, x, y)
      expect(Math.hypot(read.x - x, read.y - y)).toBeLessThan(0.5)
    }
  })

  it('is continuous: neighbouring pixels never read more than 2 px apart, refined cells included', () => {
    const { field } = solveWarp({ handles, targets, pins, mode: 'rigid' }, layer)
    const previous = { x: new Float64Array(layer.width), y: new Float64Array(layer.width) }
    const current = { x: new Float64Array(layer.width), y: new Float64Array(layer.width) }
    let largest = 0
    for (let y = 0; y < layer.height; y++) {
      rowDisplacement(field, y, current.x, current.y)
      for (let x = 0; x < layer.width; x++) {
        if (x > 0) largest = Math.max(largest, Math.hypot(current.x[x]! - current.x[x - 1]!, current.y[x]! - current.y[x - 1]!))
        if (y > 0) largest = Math.max(largest, Math.hypot(current.x[x]! - previous.x[x]!, current.y[x]! - previous.y[x]!))
      }
      previous.x.set(current.x)
      previous.y.set(current.y)
    }
    expect(largest).toBeLessThan(2)
  })
})
