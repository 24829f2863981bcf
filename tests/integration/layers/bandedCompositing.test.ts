/**
 * Flattening and the free transform split a large canvas into bands of rows on the band pool's worker threads
 * (src-main/compute-host/bands), in this process and in a real compute host: the bytes must be those of one pass over
 * every row on this thread.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import { ProjectStore } from '../../../src-main/documents/project'
import { fromTransfer, storingTiles } from '../../../src-main/jobs/tiledTransfer'
import { affineTransform } from '../../../src-main/compute-host/compositing/affine'
import { transformedBounds, type Placement } from '../../../src-shared/affinePlacement'
import { affineRows } from '../../../src-main/compute-host/compositing/affineRows'
import { flatten, type FlattenLayer } from '../../../src-main/compute-host/compositing/flatten'
import { flattenRows } from '../../../src-main/compute-host/compositing/flattenRows'
import { photoLikeRgba, seededRandom } from '../../fixtures/documents/pixels'

/** Just over a megapixel: large enough for the pool, several bands of 64 rows. */
const WIDTH = 1100
const HEIGHT = 1000

/** Photo-like pixels with random alpha, fully clear and fully opaque pixels among them, as cut-outs have. */
function cutOut(width: number, height: number, seed: number): Uint8Array {
  const rgba = photoLikeRgba(width, height, seed)
  const random = seededRandom(seed)
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = [0, 255, Math.floor(random() * 256)][Math.floor(random() * 3)]!
  return rgba
}

const compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
const dataDir = mkdtempSync(join(tmpdir(), 'banded-compositing-'))
afterAll(() => {
  compute.dispose()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('compositing in bands on worker threads', () => {
  it('flattens layers at offsets across band edges, one partly above and one wholly off the canvas, to the bytes of one pass', async () => {
    const layer = (width: number, height: number, offsetX: number, offsetY: number, blendMode: FlattenLayer['blendMode'], opacity: number, seed: number): FlattenLayer => ({
      rgba: seed === 1 ? photoLikeRgba(width, height, seed) : cutOut(width, height, seed),
      width,
      height,
      offsetX,
      offsetY,
      opacity,
      blendMode,
    })
    const layers = [
      layer(WIDTH, HEIGHT, 0, 0, 'normal', 1, 1),
      layer(700, 500, -100, -37, 'multiply', 0.8, 2),
      layer(900, 900, 400, 150, 'soft-light', 1, 3),
      layer(300, 200, 950, 930, 'luminosity', 0.6, 4),
      layer(50, 50, WIDTH + 10, 0, 'screen', 1, 5),
      layer(WIDTH, 333, 0, 601, 'normal', 0.5, 6),
    ]
    const onePass = new Uint8Array(WIDTH * HEIGHT * 4)
    flattenRows(onePass, WIDTH, layers, 0, HEIGHT)
    const rowsReported: number[] = []
    const banded = await flatten(WIDTH, HEIGHT, layers, async (rows) => void rowsReported.push(rows))
    expect(Buffer.from(banded).equals(Buffer.from(onePass))).toBe(true)
    expect(rowsReported.at(-1)).toBe(HEIGHT)
  })

  it("runs in the compute host's threads from the project's tiles, band by band with progress, to the bytes of one pass", async () => {
    const layers: FlattenLayer[] = [1, 2].map((seed) => ({ rgba: cutOut(WIDTH, HEIGHT, seed), width: WIDTH, height: HEIGHT, offsetX: 0, offsetY: 0, opacity: 0.7, blendMode: 'overlay' }))
    const onePass = new Uint8Array(WIDTH * HEIGHT * 4)
    flattenRows(onePass, WIDTH, layers, 0, HEIGHT)
    const store = ProjectStore.create(join(dataDir, 'cut-outs.zproj'), { name: 'cut-outs', width: WIDTH, height: HEIGHT, rgba: Buffer.from(layers[0]!.rgba) })
    store.commitEdit({ operation: 'addLayer', layers: [{ layerId: 'top', properties: { opacity: 0.7, blendMode: 'overlay' }, pixels: { width: WIDTH, height: HEIGHT, rgba: Buffer.from(layers[1]!.rgba) } }] })
    const placements = ['background', 'top'].map((layerId) => ({ layerId, offsetX: 0, offsetY: 0, opacity: 0.7, blendMode: 'overlay' as const }))
    const progress: number[] = []
    const { tiled } = await storingTiles(compute, store).run(
      'project.flattenToTiles',
      { file: store.file, versionId: store.head, width: WIDTH, height: HEIGHT, layers: placements },
      { onProgress: (fraction) => progress.push(fraction) },
    )
    store.commitEdit({ operation: 'flatten', layers: [{ layerId: 'flat', pixels: fromTransfer(tiled) }] })
    expect(store.readLayer(store.head, 'flat').rgba.equals(Buffer.from(onePass))).toBe(true)
    store.close()
    expect(progress.length).toBeGreaterThan(1)
    expect(progress.at(-1)).toBeCloseTo(0.9, 5)
  })

  it('rotates and shrinks a layer to the bytes of one pass', async () => {
    const turn = (10 * Math.PI) / 180
    const scale = 0.9
    const placement: Placement = {
      width: WIDTH,
      height: HEIGHT + 100,
      offsetX: 5,
      offsetY: -20,
      matrix: [scale * Math.cos(turn), scale * Math.sin(turn), -scale * Math.sin(turn), scale * Math.cos(turn), 120.25, -30.5],
    }
    const rgba = cutOut(placement.width, placement.height, 7)
    const bounds = transformedBounds(placement)
    const onePass = new Uint32Array(bounds.width * bounds.height)
    affineRows(placement, new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.byteLength / 4), bounds, onePass, 0, bounds.height)
    const banded = await affineTransform({ ...placement, rgba })
    expect(banded).toMatchObject({ width: bounds.width, height: bounds.height, offsetX: bounds.x, offsetY: bounds.y })
    expect(Buffer.from(banded.rgba).equals(Buffer.from(onePass.buffer))).toBe(true)
  })
})
