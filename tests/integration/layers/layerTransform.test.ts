/**
 * The free transform's commit through `dispatch` with a real project store and compute host: the layer resampled at
 * full resolution and placed by its offset as one version, a whole-pixel move without resampling, refusals that
 * change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DocumentInfo } from '../../../src-shared/contract'
import { gradient, png } from '../../fixtures/images'
import { layerThroughApi } from '../../fixtures/layerThroughApi'
import { startApi } from '../../fixtures/apiHarness'

const { call, refusal, close } = startApi('layer-transform-')
afterAll(close)

const WIDTH = 40
const HEIGHT = 30
let document: DocumentInfo
const layerId = () => document.layers[0]!.id
const documentId = () => document.id

beforeAll(async () => {
  document = (await call('documents.openImage', { name: 'garden.png', bytes: await png(gradient(WIDTH, HEIGHT), WIDTH, HEIGHT) })).document
})

describe('layers.transform', () => {
  it('turns a layer a quarter about its centre exactly, as one version placed by its offset, and undo restores it', async () => {
    const before = await layerThroughApi(call, documentId(), layerId())
    // x' = y + 5, y' = −x + 35: a quarter turn anticlockwise about (20, 15).
    const after = await call('layers.transform', { documentId: documentId(), layerId: layerId(), matrix: [0, -1, 1, 0, 5, 35] })
    expect(after.head).not.toBe(document.head)
    expect(after.layers[0]).toMatchObject({ width: HEIGHT, height: WIDTH, offsetX: 5, offsetY: -5 })
    const turned = await layerThroughApi(call, documentId(), layerId())
    // Layer pixel (i, j) sits at document (5 + i, −5 + j); document pixel (x', y') after shows (34 − y', x' − 5) before.
    for (let j = 0; j < WIDTH; j++) {
      for (let i = 0; i < HEIGHT; i++) {
        const x = 5 + i
        const y = -5 + j
        const source = ((x - 5) * WIDTH + (34 - y)) * 4
        expect([...turned.rgba.subarray((j * HEIGHT + i) * 4, (j * HEIGHT + i) * 4 + 4)]).toEqual([...before.rgba.subarray(source, source + 4)])
      }
    }
    document = await call('history.undo', { documentId: documentId() })
    expect(document.layers[0]).toMatchObject({ width: WIDTH, height: HEIGHT, offsetX: 0, offsetY: 0 })
    expect((await layerThroughApi(call, documentId(), layerId())).rgba).toEqual(before.rgba)
  })

  it('scales a layer ×2 about its centre, every pixel between its source neighbours and opaque', async () => {
    const after = await call('layers.transform', { documentId: documentId(), layerId: layerId(), matrix: [2, 0, 0, 2, -20, -15] })
    expect(after.layers[0]).toMatchObject({ width: 2 * WIDTH, height: 2 * HEIGHT, offsetX: -20, offsetY: -15 })
    const scaled = await layerThroughApi(call, documentId(), layerId())
    const before = gradient(WIDTH, HEIGHT)
    // Away from the edge, each output pixel lies between its source's neighbours (a gradient stays a gradient).
    for (const [x, y] of [[10, 10], [41, 33], [70, 50]]) {
      const sx = (x! + 0.5) / 2 - 0.5
      const sy = (y! + 0.5) / 2 - 0.5
      const got = scaled.rgba[(y! * 2 * WIDTH + x!) * 4]!
      const lo = Math.min(...[Math.floor(sx), Math.ceil(sx)].flatMap((cx) => [Math.floor(sy), Math.ceil(sy)].map((cy) => before[(cy * WIDTH + cx) * 4]!)))
      const hi = Math.max(...[Math.floor(sx), Math.ceil(sx)].flatMap((cx) => [Math.floor(sy), Math.ceil(sy)].map((cy) => before[(cy * WIDTH + cx) * 4]!)))
      expect(got).toBeGreaterThanOrEqual(lo - 1)
      expect(got).toBeLessThanOrEqual(hi + 1)
      expect(scaled.rgba[(y! * 2 * WIDTH + x!) * 4 + 3]).toBe(255)
    }
    document = await call('history.undo', { documentId: documentId() })
  })

  it('moves by whole pixels without resampling, and refuses a locked layer, a hidden layer and a flat matrix with no version', async () => {
    const before = await layerThroughApi(call, documentId(), layerId())
    document = await call('layers.transform', { documentId: documentId(), layerId: layerId(), matrix: [1, 0, 0, 1, 3, -2] })
    expect(document.layers[0]).toMatchObject({ offsetX: 3, offsetY: -2, width: WIDTH })
    expect((await layerThroughApi(call, documentId(), layerId())).rgba).toEqual(before.rgba)

    const versions = (await call('history.list', { documentId: documentId() })).length
    document = await call('layers.update', { documentId: documentId(), layerId: layerId(), changes: { locked: true } })
    expect((await refusal('layers.transform', { documentId: documentId(), layerId: layerId(), matrix: [2, 0, 0, 2, 0, 0] })).code).toBe('layer.locked')
    document = await call('layers.update', { documentId: documentId(), layerId: layerId(), changes: { locked: false, visible: false } })
    expect((await refusal('layers.transform', { documentId: documentId(), layerId: layerId(), matrix: [2, 0, 0, 2, 0, 0] })).code).toBe('layer.hidden')
    expect((await refusal('layers.transform', { documentId: documentId(), layerId: layerId(), matrix: [1, 1, 1, 1, 0, 0] })).code).toBe('api.badInput')
    expect(await call('history.list', { documentId: documentId() })).toHaveLength(versions + 2)
  })
})
