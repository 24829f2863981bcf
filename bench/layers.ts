/**
 * The layered canvas's compositor on a 6000×4000 document: flattening 10 layers in mixed blend modes, beside
 * libvips (sharp) compositing the same layers with plain 'over' in the same run, and 3 layers for the export
 * target (well under 2 s). Both run in this process; the compute-host channel is bench/foundation.ts's figure.
 */
import sharp from 'sharp'
import { flatten, type FlattenLayer } from '../src-main/compute-host/compositing/flatten'
import type { BlendMode } from '../src-shared/contract'
import { photoLikeRgba } from '../tests/fixtures/documents/pixels'
import { medianMs, versus } from './measure'

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

  const three = [layers[0]!, layers[1]!, layers[4]!]
  return {
    flatten10Layers: versus(
      await medianMs(RUNS, () => flatten(WIDTH, HEIGHT, layers)),
      await medianMs(RUNS, () => sharpOver(layers)),
      "sharp composite, 'over', same 10 layers",
    ),
    flatten3Layers: {
      modes: three.map((l) => l.blendMode),
      targetMs: 2000,
      ...versus(
        await medianMs(RUNS, () => flatten(WIDTH, HEIGHT, three)),
        await medianMs(RUNS, () => sharpOver(three)),
        "sharp composite, 'over', same 3 layers",
      ),
    },
    megapixels: (WIDTH * HEIGHT) / 1e6,
  }
}

/** libvips composites every layer over the first with plain 'over', on its own threads. */
function sharpOver([bottom, ...above]: FlattenLayer[]): Promise<Buffer> {
  const raw = { width: WIDTH, height: HEIGHT, channels: 4 as const }
  return sharp(bottom!.rgba, { raw, limitInputPixels: false })
    .composite(above.map((l) => ({ input: Buffer.from(l.rgba.buffer, l.rgba.byteOffset, l.rgba.byteLength), raw, blend: 'over' as const })))
    .raw()
    .toBuffer()
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
