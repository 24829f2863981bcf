/**
 * The layered canvas's compositor on a 6000×4000 document: flattening 10 layers in mixed blend modes, beside
 * libvips (sharp) compositing the same layers with plain 'over' in the same run, and 3 layers for the export
 * target (well under 2 s). Both run in this process; the compute-host channel is bench/foundation.ts's figure.
 */
import sharp from 'sharp'
import { flatten, type FlattenLayer } from '../src-main/compute-host/compositing/flatten'
import type { BlendMode } from '../src-shared/contract'
import { photoLikeRgba } from '../tests/fixtures/documents/pixels'
import { medianMs, round, versus } from './measure'

const WIDTH = 6000
const HEIGHT = 4000
const RUNS = 3
const upperModes: BlendMode[] = ['multiply', 'screen', 'overlay', 'soft-light', 'color-dodge', 'difference', 'hue', 'color', 'luminosity']

export async function benchLayers(): Promise<Record<string, unknown>> {
  const background = photoLikeRgba(WIDTH, HEIGHT, 1)
  // Three overlay images, shared by the nine upper layers: opaque bands, soft edges and clear areas, as cut-outs have.
  const overlays = [2, 3, 4].map((seed) => withAlphaBands(photoLikeRgba(WIDTH, HEIGHT, seed), seed))
  const layers: FlattenLayer[] = [
    layer(background, 'normal', 1),
    ...upperModes.map((mode, i) => layer(overlays[i % overlays.length]!, mode, 0.5 + (i % 5) * 0.1)),
  ]

  const flattenMs = await medianMs(RUNS, () => flatten(WIDTH, HEIGHT, layers))
  const sharpOverMs = await medianMs(RUNS, () =>
    sharp(background, { raw: { width: WIDTH, height: HEIGHT, channels: 4 }, limitInputPixels: false })
      .composite(layers.slice(1).map((l) => ({ input: l.rgba as Buffer, raw: { width: WIDTH, height: HEIGHT, channels: 4 as const }, blend: 'over' as const })))
      .raw()
      .toBuffer(),
  )
  const threeLayersMs = await medianMs(RUNS, () => flatten(WIDTH, HEIGHT, [layers[0]!, layers[1]!, layers[4]!]))
  return {
    flatten10Layers: versus(flattenMs, sharpOverMs, "sharp composite, 'over', same 10 layers"),
    flatten3Layers: { ms: round(threeLayersMs), modes: ['normal', 'multiply', 'soft-light'], targetMs: 2000 },
    megapixels: (WIDTH * HEIGHT) / 1e6,
  }
}

function layer(rgba: Buffer, blendMode: BlendMode, opacity: number): FlattenLayer {
  return { rgba, width: WIDTH, height: HEIGHT, offsetX: 0, offsetY: 0, opacity, blendMode }
}

/** Alpha in vertical bands: opaque, fading out over 200 px, clear, fading in; shifted per seed. */
function withAlphaBands(rgba: Buffer, seed: number): Buffer {
  const period = 1200
  for (let x = 0; x < WIDTH; x++) {
    const phase = (x + seed * 300) % period
    const alpha = phase < 400 ? 255 : phase < 600 ? Math.round(255 * (1 - (phase - 400) / 200)) : phase < 1000 ? 0 : Math.round((255 * (phase - 1000)) / 200)
    for (let y = 0; y < HEIGHT; y++) rgba[(y * WIDTH + x) * 4 + 3] = alpha
  }
  return rgba
}
