import { describe, expect, it } from 'vitest'
import { bicubicResampler, layerBytes, resamplingMemory } from '../../../src-main/compute-host/engines/warp/bicubic'
import { rowDisplacement, solveField, type Drag } from '../../../src-shared/warp'
import { gradient, rgbaPixels } from '../../fixtures/images'

const width = 64
const height = 48
const area = { x: 0, y: 0, width, height }
const shifted = (dx: number, dy: number): Drag => ({ handles: [{ x: 20, y: 20 }, { x: 40, y: 30 }], targets: [{ x: 20 + dx, y: 20 + dy }, { x: 40 + dx, y: 30 + dy }], pins: [], mode: 'rigid' })

function resample(rgba: Uint8Array, drag: Drag): Uint8Array {
  const memory = resamplingMemory(width, height, 1)
  layerBytes(memory, memory.source).set(rgba)
  bicubicResampler(memory, solveField(drag, area, undefined))(0, height)
  return layerBytes(memory, memory.out).slice()
}

describe('bicubic resampling (Keys, a = −0.5)', () => {
  it('reproduces a whole-pixel translation exactly', () => {
    const rgba = gradient(width, height)
    const out = resample(rgba, shifted(5, -3))
    // Output (x, y) reads source (x − 5, y + 3).
    for (let y = 0; y < height - 3; y++) {
      for (let x = 5; x < width; x++) {
        const o = (y * width + x) * 4
        const s = ((y + 3) * width + x - 5) * 4
        expect([...out.subarray(o, o + 4)]).toEqual([...rgba.subarray(s, s + 4)])
      }
    }
  })

  it('never bleeds the colour of invisible pixels into visible ones', () => {
    // Opaque blue on the left half, fully transparent red on the right.
    const rgba = new Uint8Array(width * height * 4)
    for (let i = 0; i < width * height; i++) rgba.set(i % width < 32 ? [0, 0, 255, 255] : [255, 0, 0, 0], i * 4)
    const out = resample(rgba, shifted(2.5, 0.25))
    for (let i = 0; i < width * height; i++) {
      if (out[i * 4 + 3] === 0) continue
      expect(out[i * 4], `red at pixel ${i}`).toBe(0)
    }
  })

  it('keeps the alpha of content it moves on a layer with transparency', () => {
    // Opaque blue on the left half, transparent on the right: away from the edge, the moved blue stays opaque.
    const rgba = new Uint8Array(width * height * 4)
    for (let i = 0; i < width * height; i++) if (i % width < 32) rgba.set([0, 0, 255, 255], i * 4)
    const out = resample(rgba, shifted(2.5, 0.25))
    for (let y = 0; y < height - 2; y++) for (let x = 6; x < 26; x++) expect(out[(y * width + x) * 4 + 3], `alpha at (${x}, ${y})`).toBe(255)
  })

  it('gives exactly what the 16 taps blended one by one give, on opaque and transparent rows and at the edges', () => {
    // Noise, with a band of rows holding translucent and transparent pixels; the drag pulls content in from the edges.
    const noise = (x: number, y: number, k: number) => ((x * 73 + y * 151 + k * 29) * 2654435761) >>> 24
    const rgba = rgbaPixels(width, height, (x, y) => [noise(x, y, 0), noise(x, y, 1), noise(x, y, 2), y >= 30 && y < 36 ? noise(x, y, 3) : 255])
    const drag: Drag = { handles: [{ x: 10, y: 10 }, { x: 50, y: 40 }], targets: [{ x: 14.3, y: 6.1 }, { x: 46.6, y: 43.7 }], pins: [{ x: 32, y: 24 }], mode: 'rigid' }
    expect(Buffer.from(resample(rgba, drag)).equals(referenceResample(rgba, drag))).toBe(true)
  })
})

/**
 * Keys' kernel (a = −0.5) at positions rounded to 1/256 pixel, weights rounded to 11 bits summing to 2^11, the 16
 * taps blended with premultiplied alpha (on opaque taps the same as blending the colours), edges repeated.
 */
function referenceResample(rgba: Uint8Array, drag: Drag): Buffer {
  const field = solveField(drag, area, undefined)
  const keys = (f: number) => {
    const t = [(-(f ** 3) + 2 * f ** 2 - f) / 2, (3 * f ** 3 - 5 * f ** 2 + 2) / 2, (-3 * f ** 3 + 4 * f ** 2 + f) / 2, (f ** 3 - f ** 2) / 2].map((w) => Math.round(w * 2048))
    t[f < 0.5 ? 1 : 2]! += 2048 - t.reduce((sum, w) => sum + w, 0)
    return t
  }
  const at = (x: number, y: number) => (Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))) * 4
  const byte = (value: number) => Math.min(255, Math.max(0, Math.round(value)))
  const out = Buffer.alloc(rgba.length)
  const shiftX = new Float64Array(width)
  const shiftY = new Float64Array(width)
  for (let y = 0; y < height; y++) {
    rowDisplacement(field, y, shiftX, shiftY)
    for (let x = 0; x < width; x++) {
      const qx = Math.floor((x + shiftX[x]!) * 256 + 0.5)
      const qy = Math.floor((y + shiftY[x]!) * 256 + 0.5)
      const [x0, y0] = [qx >> 8, qy >> 8]
      const [across, down] = [keys((qx & 255) / 256), keys((qy & 255) / 256)]
      const sums = [0, 0, 0, 0]
      for (let j = 0; j < 4; j++) {
        for (let i = 0; i < 4; i++) {
          const p = at(x0 - 1 + i, y0 - 1 + j)
          const w = down[j]! * across[i]! * rgba[p + 3]!
          for (let c = 0; c < 3; c++) sums[c]! += w * rgba[p + c]!
          sums[3]! += w
        }
      }
      if (sums[3]! > 0) out.set([byte(sums[0]! / sums[3]!), byte(sums[1]! / sums[3]!), byte(sums[2]! / sums[3]!), byte(sums[3]! / 2 ** 22)], (y * width + x) * 4)
    }
  }
  return out
}
