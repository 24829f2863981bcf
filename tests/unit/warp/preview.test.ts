import { describe, expect, it } from 'vitest'
import { previewWarp, solveWarp, type Drag } from '../../../src-shared/warp'
import { gradient } from '../../fixtures/images'

const width = 80
const height = 60
const drag = (dx: number, dy: number): Drag => ({
  handles: [
    { x: 20, y: 20 },
    { x: 50, y: 40 },
  ],
  targets: [
    { x: 20 + dx, y: 20 + dy },
    { x: 50 + dx, y: 40 + dy },
  ],
  pins: [],
  mode: 'similarity',
})

describe('the live preview', () => {
  it('shows a whole-pixel translation exactly, into an ImageData-style buffer', () => {
    const source = new Uint8ClampedArray(gradient(width, height, true))
    const out = new Uint8ClampedArray(source.length)
    previewWarp(source, width, height, solveWarp(drag(-4, 6), { width, height }).field, out)
    // Output (x, y) reads source (x + 4, y − 6).
    for (let y = 6; y < height; y++) {
      for (let x = 0; x < width - 4; x++) {
        const o = (y * width + x) * 4
        const s = ((y - 6) * width + x + 4) * 4
        expect([...out.subarray(o, o + 4)]).toEqual([...source.subarray(s, s + 4)])
      }
    }
  })

  it('blends halfway between two pixels at a half-pixel shift', () => {
    const source = new Uint8Array(width * height * 4)
    for (let i = 0; i < width * height; i++) source.set([(i % width) % 2 ? 200 : 100, 0, 0, 255], i * 4)
    const out = new Uint8Array(source.length)
    previewWarp(source, width, height, solveWarp(drag(0.5, 0), { width, height }).field, out)
    const o = (30 * width + 40) * 4
    expect(out[o]).toBe(150)
    expect(out[o + 3]).toBe(255)
  })

  it('on a pyramid level at half size, moves the level by half the drag solved in layer pixels', () => {
    // The layer is 80×60; the level 40×30 shows it at scale 0.5. A drag of (8, −4) layer pixels is (4, −2) there.
    const source = new Uint8ClampedArray(gradient(width / 2, height / 2, true))
    const out = new Uint8ClampedArray(source.length)
    previewWarp(source, width / 2, height / 2, solveWarp(drag(8, -4), { width, height }).field, out, 0.5)
    for (let y = 0; y < height / 2 - 2; y++) {
      for (let x = 4; x < width / 2; x++) {
        const o = (y * (width / 2) + x) * 4
        const s = ((y + 2) * (width / 2) + x - 4) * 4
        expect([...out.subarray(o, o + 4)]).toEqual([...source.subarray(s, s + 4)])
      }
    }
  })
})
