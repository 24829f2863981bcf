/**
 * The layered canvas's full-resolution work on a 6000×4000 document, each beside libvips (sharp) doing the
 * nearest thing in the same run: flattening 10 layers in mixed blend modes and 3 layers (the export target, well
 * under 2 s) beside sharp compositing the same layers with plain 'over'; the free transform (rotate 10°, scale 0.8)
 * beside sharp's bicubic affine; a new layer's and a layer mask's commit beside tiling a transparent image. Ours
 * run on the compute host's band pool from this process, and once more on this thread alone (what the threads
 * bring); the compute-host channel is bench/foundation.ts's figure.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { ProjectStore } from '../src-main/documents/project'
import { affineTransform } from '../src-main/compute-host/compositing/affine'
import { transformedBounds, type Matrix } from '../src-shared/affinePlacement'
import { affineRows } from '../src-main/compute-host/compositing/affineRows'
import { flatten, type FlattenLayer } from '../src-main/compute-host/compositing/flatten'
import { flattenRows } from '../src-main/compute-host/compositing/flattenRows'
import type { BlendMode } from '../src-shared/contract'
import { photoLikeRgba } from '../tests/fixtures/documents/pixels'
import { medianMs, round, versus } from './measure'

const WIDTH = 6000
const HEIGHT = 4000
const RUNS = 3
const raw = { width: WIDTH, height: HEIGHT, channels: 4 as const }
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
    flatten10Layers: await flattenFigures(layers),
    flatten3Layers: { modes: three.map((l) => l.blendMode), targetMs: 2000, ...(await flattenFigures(three)) },
    transform: await transformFigures(overlays[0]!),
    newLayerAndMask: await newLayerFigures(background),
    megapixels: (WIDTH * HEIGHT) / 1e6,
  }
}

async function flattenFigures(layers: FlattenLayer[]) {
  const pooled = await medianMs(RUNS, () => flatten(WIDTH, HEIGHT, layers))
  const oneThread = await medianMs(RUNS, () => flattenRows(new Uint8Array(WIDTH * HEIGHT * 4), WIDTH, layers, 0, HEIGHT))
  const baseline = await medianMs(RUNS, () => sharpOver(layers))
  return { ...versus(pooled, baseline, `sharp composite, 'over', same ${layers.length} layers`), oneThreadMs: oneThread, oneThreadRatio: round(oneThread / baseline) }
}

/**
 * New layer and Add mask commit on main's thread: a transparent (white) grid of four distinct tiles, beside cutting
 * the same transparent 24 MP image into tiles, as they did before.
 */
async function newLayerFigures(background: Buffer) {
  const folder = mkdtempSync(join(tmpdir(), 'bench-new-layer-'))
  const store = ProjectStore.create(join(folder, 'new-layer.zproj'), { name: 'new', width: WIDTH, height: HEIGHT, rgba: background })
  try {
    let added = 0
    const newLayer = await medianMs(RUNS, () => store.commitEdit({ operation: 'layer.add', layers: [{ layerId: `new-${added++}`, properties: { name: 'New' } }] }))
    let masked = 0
    const addMask = await medianMs(RUNS, () => store.commitEdit({ operation: 'layer.mask', layers: [{ layerId: `new-${masked++}`, mask: {} }] }))
    const baseline = await medianMs(RUNS, () => store.cutIntoTiles({ width: WIDTH, height: HEIGHT, rgba: Buffer.alloc(WIDTH * HEIGHT * 4) }))
    return { newLayer: versus(newLayer, baseline, 'cutting a transparent 24 MP image into tiles'), addMaskMs: round(addMask) }
  } finally {
    store.close()
    rmSync(folder, { recursive: true, force: true })
  }
}

/** Rotate 10° and scale 0.8 about the layer's centre. */
async function transformFigures(rgba: Buffer) {
  const turn = (10 * Math.PI) / 180
  const [cos, sin] = [0.8 * Math.cos(turn), 0.8 * Math.sin(turn)]
  const [cx, cy] = [WIDTH / 2, HEIGHT / 2]
  const matrix: Matrix = [cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy]
  const placement = { width: WIDTH, height: HEIGHT, offsetX: 0, offsetY: 0, matrix }
  const bounds = transformedBounds(placement)
  const words = new Uint32Array(rgba.buffer, rgba.byteOffset, WIDTH * HEIGHT)
  const pooled = await medianMs(RUNS, () => affineTransform({ ...placement, rgba }))
  const oneThread = await medianMs(RUNS, () => affineRows(placement, words, bounds, new Uint32Array(bounds.width * bounds.height), 0, bounds.height))
  const baseline = await medianMs(RUNS, () =>
    sharp(rgba, { raw, limitInputPixels: false })
      .affine([[cos, -sin], [sin, cos]], { background: { r: 0, g: 0, b: 0, alpha: 0 }, interpolator: sharp.interpolators.bicubic })
      .raw()
      .toBuffer(),
  )
  return {
    ...versus(pooled, baseline, "sharp affine, bicubic, same layer and matrix"),
    oneThreadMs: oneThread,
    oneThreadRatio: round(oneThread / baseline),
    outputMegapixels: round((bounds.width * bounds.height) / 1e6),
  }
}

/** libvips composites every layer over the first with plain 'over', on its own threads. */
function sharpOver([bottom, ...above]: FlattenLayer[]): Promise<Buffer> {
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
