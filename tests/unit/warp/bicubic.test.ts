import { describe, expect, it } from 'vitest'
import { bicubicResampler, layerBytes, resamplingMemory } from '../../../src-main/compute-host/engines/warp/bicubic'
import { solveField, type Drag } from '../../../src-shared/warp'
import { gradient } from '../../fixtures/images'

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
})
