import { describe, expect, it } from 'vitest'
import { flatten, type FlattenLayer } from '../../../src-main/compute-host/compositing/flatten'
import { blendModes, type BlendMode } from '../../../src-shared/contract'
import { seededRandom } from '../../fixtures/documents/pixels'
import { compositeReference } from './blendReference'

/** A one-row layer of the given pixels at 0,0. */
function rowLayer(pixels: readonly (readonly number[])[], blendMode: BlendMode = 'normal', opacity = 1): FlattenLayer {
  return { rgba: Uint8Array.from(pixels.flat()), width: pixels.length, height: 1, offsetX: 0, offsetY: 0, opacity, blendMode }
}

const pixels = (rgba: Uint8Array) => Array.from({ length: rgba.length / 4 }, (_, i) => [...rgba.subarray(i * 4, i * 4 + 4)])

/** Source (51, 153, 255) on backdrop (204, 102, 51), both opaque: B(Cb, Cs) worked out by hand from §10. */
const opaqueCases: Record<BlendMode, number[]> = {
  normal: [51, 153, 255],
  multiply: [41, 61, 51], // 0.8×0.2, 0.4×0.6, 0.2×1
  screen: [214, 194, 255], // 0.8+0.2−0.16 = 0.84
  overlay: [173, 122, 102], // HardLight(Cs, Cb): Screen(0.2, 0.6) = 0.68; 0.6×0.8 = 0.48; 1×0.4
  darken: [51, 102, 51],
  lighten: [204, 153, 255],
  'color-dodge': [255, 255, 255], // 0.8/0.8, 0.4/0.4 clamp to 1; Cs = 1 gives 1
  'color-burn': [0, 0, 51], // 1 − 0.2/0.2, 1 − 0.6/0.6; 1 − 0.8/1 = 0.2
  'hard-light': [82, 133, 255], // 0.8×0.4 = 0.32; Screen(0.4, 0.2) = 0.52; Screen(0.2, 1) = 1
  'soft-light': [180, 114, 114], // 0.8 − 0.6×0.8×0.2 = 0.704; 0.4 + 0.2×(√0.4 − 0.4); 0.2 + 1×(D(0.2) − 0.2), D = 0.448
  difference: [153, 51, 204],
  exclusion: [173, 133, 204], // 0.8+0.2−0.32 = 0.68
  hue: [65, 142, 218], // SetSat(Cs, 0.6) = (0, 0.3, 0.6), Lum 0.243, moved to Lum(Cb) = 0.498
  saturation: [230, 94, 26], // SetSat(Cb, 0.8) = (0.8, 0.2667, 0), Lum 0.5773, moved to 0.498
  color: [44, 146, 248], // Cs moved by 0.498 − 0.524
  luminosity: [211, 109, 58], // Cb moved by 0.524 − 0.498
}

describe('blend modes (W3C Compositing and Blending Level 1)', () => {
  it.each(blendModes)('%s: opaque source on opaque backdrop gives B(Cb, Cs), worked out by hand', async (mode) => {
    const out = await flatten(1, 1, [rowLayer([[204, 102, 51, 255]]), rowLayer([[51, 153, 255, 255]], mode)])
    expect([...out]).toEqual([...opaqueCases[mode], 255])
  })

  it('color-dodge and color-burn away from their clamps, worked out by hand', async () => {
    // Cb = (0.4, 0.8, 0), Cs = (0.4, 0.6, 0): dodge 0.4/0.6, min(1, 0.8/0.4), Cb = 0 → 0;
    // burn 1 − min(1, 0.6/0.4), 1 − 0.2/0.6, Cs = 0 → 0.
    const backdrop = rowLayer([[102, 204, 0, 255]])
    expect([...(await flatten(1, 1, [backdrop, rowLayer([[102, 153, 0, 255]], 'color-dodge')]))]).toEqual([170, 255, 0, 255])
    expect([...(await flatten(1, 1, [backdrop, rowLayer([[102, 153, 0, 255]], 'color-burn')]))]).toEqual([0, 170, 0, 255])
  })

  it('mixes by both alphas and the layer opacity (§5.2 with αs × opacity), worked out by hand', async () => {
    // αb = 0.6, αs = 1 × 0.5: αo = 0.8. Normal: co = 0.5 × Cs + 0.3 × Cb = (0.3, 0, 0.5), ÷ 0.8.
    // Multiply: B = 0, Cs' = 0.4 × Cs, co = (0.3, 0, 0.2), ÷ 0.8.
    const backdrop = rowLayer([[255, 0, 0, 153]])
    expect([...(await flatten(1, 1, [backdrop, rowLayer([[0, 0, 255, 255]], 'normal', 0.5)]))]).toEqual([96, 0, 159, 204])
    expect([...(await flatten(1, 1, [backdrop, rowLayer([[0, 0, 255, 255]], 'multiply', 0.5)]))]).toEqual([96, 0, 64, 204])
  })

  it.each(blendModes)('%s: 2000 random colours, alphas and an opacity agree with the spec within one level', async (mode) => {
    const random = seededRandom(blendModes.indexOf(mode) + 1)
    const byte = () => Math.floor(random() * 256)
    // Alphas lean to the ends (0 and 255) as real layers do, with every value in between still drawn.
    const alpha = () => [0, 255, byte()][Math.floor(random() * 3)]!
    const backdrop = Array.from({ length: 2000 }, () => [byte(), byte(), byte(), alpha()])
    const source = Array.from({ length: 2000 }, () => [byte(), byte(), byte(), alpha()])
    const opacity = 0.35 + random() * 0.65
    const out = pixels(await flatten(2000, 1, [rowLayer(backdrop), rowLayer(source, mode, opacity)]))
    let worst = 0
    out.forEach((pixel, i) => {
      const expected = compositeReference(mode, backdrop[i]!, source[i]!, opacity)
      const alphaOut = expected[3]!
      // Colour under zero alpha is invisible; compare it only where the pixel shows.
      const channels = alphaOut === 0 ? [3] : [0, 1, 2, 3]
      for (const c of channels) worst = Math.max(worst, Math.abs(pixel[c]! - expected[c]!))
    })
    expect(worst).toBeLessThanOrEqual(1)
  })

  it('places layers at their offsets and clips them to the canvas', async () => {
    const under = { ...rowLayer([[10, 20, 30, 255], [40, 50, 60, 255], [70, 80, 90, 255]]), offsetX: -1 }
    const over = { ...rowLayer([[200, 200, 200, 255], [1, 2, 3, 255]], 'difference'), offsetX: 2 }
    expect(pixels(await flatten(3, 1, [under, over]))).toEqual([
      [40, 50, 60, 255],
      [70, 80, 90, 255],
      [200, 200, 200, 255],
    ])
  })

  it('keeps a lone layer exactly, colour under zero alpha included', async () => {
    const lone = rowLayer([[9, 8, 7, 0], [1, 2, 3, 4], [250, 128, 5, 255]])
    expect([...(await flatten(3, 1, [lone]))]).toEqual([...lone.rgba])
  })
})
