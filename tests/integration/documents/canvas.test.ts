/** The canvas size belongs to each version: crop and canvas-size edits are undone, redone and reopened like any other. */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../../src-main/documents/project'
import { MAX_IMAGE_PIXELS } from '../../../src-shared/limits'
import { solidRgba } from '../../fixtures/documents/pixels'
import { scratchDirectory } from '../../fixtures/documents/projects'

describe('canvas size per version', () => {
  let scratch: ReturnType<typeof scratchDirectory>
  let path: string
  let store: ProjectStore

  beforeEach(() => {
    scratch = scratchDirectory()
    path = join(scratch.directory, 'p.zproj')
    store = ProjectStore.create(path, { name: 'room', width: 600, height: 400, rgba: solidRgba(600, 400, [9, 9, 9, 255]) })
  })
  afterEach(() => {
    store.close()
    scratch.cleanup()
  })

  const size = (versionId?: number) => {
    const { width, height } = store.document(versionId)
    return [width, height]
  }

  it('a canvas edit resizes the document and moves every layer by its origin', () => {
    const crop = store.commitEdit({ operation: 'crop', canvas: { x: 100, y: 50, width: 300, height: 200 }, layers: [] }).versionId
    expect(size()).toEqual([300, 200])
    expect(size(1)).toEqual([600, 400])
    expect(store.layers()).toMatchObject([{ id: 'background', offsetX: -100, offsetY: -50, width: 600, height: 400 }])
    // The pixels are the same tiles, only placed differently.
    expect(store.compare(1, crop).changed).toEqual([{ layerId: 'background', properties: ['offsetX', 'offsetY'], tiles: [] }])
  })

  it('undo, redo and goTo give each version its own size, and so does the reopened file', () => {
    const grown = store.commitEdit({ operation: 'canvasSize', canvas: { x: -20, y: 0, width: 640, height: 420 }, layers: [] }).versionId
    const added = store.commitEdit({ operation: 'layer.add', layers: [{ layerId: 'sky' }] }).versionId
    expect(store.layers(added).find((layer) => layer.id === 'sky')).toMatchObject({ width: 640, height: 420, offsetX: 0 })
    store.undo()
    store.undo()
    expect(size()).toEqual([600, 400])
    store.redo()
    expect(size()).toEqual([640, 420])
    store.close()
    store = ProjectStore.open(path)
    expect(store.head).toBe(grown)
    expect([size(1), size(grown), size(added)]).toEqual([[600, 400], [640, 420], [640, 420]])
    expect(store.layers()).toMatchObject([{ id: 'background', offsetX: 20, offsetY: 0 }])
  })

  it('layer changes in a canvas edit are in the new canvas coordinates', () => {
    store.commitEdit({
      operation: 'crop',
      canvas: { x: 10, y: 10, width: 50, height: 50 },
      layers: [{ layerId: 'background', properties: { offsetX: 0, offsetY: 0 }, pixels: { width: 50, height: 50, rgba: solidRgba(50, 50, [1, 2, 3, 255]) } }],
    })
    expect(store.layers()).toMatchObject([{ id: 'background', offsetX: 0, offsetY: 0, width: 50, height: 50 }])
  })

  it('refuses a canvas of no size or over the pixel limit, keeping the head', () => {
    const side = Math.ceil(Math.sqrt(MAX_IMAGE_PIXELS)) + 1
    for (const canvas of [{ x: 0, y: 0, width: 0, height: 10 }, { x: 0, y: 0, width: side, height: side }, { x: 0.5, y: 0, width: 10, height: 10 }]) {
      expect(() => store.commitEdit({ operation: 'crop', canvas, layers: [] })).toThrow(expect.objectContaining({ code: 'api.badInput' }))
    }
    expect(store.head).toBe(1)
    expect(size()).toEqual([600, 400])
  })

  it('adds a layer and paints a patch into it in the same version', () => {
    store.commitEdit({
      operation: 'generate',
      layers: [{ layerId: 'result', pixels: { rect: { x: 590, y: 5, width: 20, height: 3 }, rgba: solidRgba(20, 3, [200, 100, 0, 255]) } }],
    })
    const layer = store.readLayer(store.head, 'result')
    expect([layer.width, layer.height]).toEqual([600, 400])
    expect([...store.readRegion(store.head, 'result', { x: 595, y: 6, width: 1, height: 1 }).rgba]).toEqual([200, 100, 0, 255])
    expect([...store.readRegion(store.head, 'result', { x: 100, y: 100, width: 1, height: 1 }).rgba]).toEqual([0, 0, 0, 0])
  })
})
