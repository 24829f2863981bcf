import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../../src-main/documents/project'
import { solidRgba } from '../../fixtures/documents/pixels'
import { scratchDirectory } from '../../fixtures/documents/projects'

type Colour = [number, number, number, number]

describe('project history', () => {
  let scratch: ReturnType<typeof scratchDirectory>
  let store: ProjectStore

  beforeEach(() => {
    scratch = scratchDirectory()
    store = ProjectStore.create(join(scratch.directory, 'p.zproj'), {
      name: 'room',
      width: 600,
      height: 400,
      rgba: solidRgba(600, 400, [255, 255, 255, 255]),
    })
  })
  afterEach(() => {
    store.close()
    scratch.cleanup()
  })

  function paint(colour: Colour, prompt?: string): number {
    return store.commitEdit({
      operation: 'brush',
      params: { colour },
      prompt,
      layers: [{ layerId: 'background', pixels: { rect: { x: 10, y: 10, width: 4, height: 4 }, rgba: solidRgba(4, 4, colour) } }],
    }).versionId
  }

  function colourAtHead(): number[] {
    return [...store.readRegion(store.head, 'background', { x: 11, y: 11, width: 1, height: 1 }).rgba]
  }

  it('starts as version 1, "open", with the image as its one layer', () => {
    expect(store.head).toBe(1)
    expect(store.version(1)).toMatchObject({ operation: 'open', parentId: null })
    expect(store.layers()).toMatchObject([{ id: 'background', kind: 'raster', name: 'Background', width: 600, height: 400 }])
    expect(store.document()).toEqual({ name: 'room', width: 600, height: 400, colourSpace: 'srgb' })
  })

  it('undo and redo move the head and restore the pixels', () => {
    paint([255, 0, 0, 255])
    paint([0, 255, 0, 255])
    expect(colourAtHead()).toEqual([0, 255, 0, 255])
    expect(store.undo()).toBe(2)
    expect(colourAtHead()).toEqual([255, 0, 0, 255])
    expect(store.undo()).toBe(1)
    expect(colourAtHead()).toEqual([255, 255, 255, 255])
    expect(store.undo()).toBeNull()
    expect(store.redo()).toBe(2)
    expect(store.redo()).toBe(3)
    expect(store.redo()).toBeNull()
    expect(colourAtHead()).toEqual([0, 255, 0, 255])
  })

  it('an edit after undo starts a branch and destroys nothing', () => {
    const red = paint([255, 0, 0, 255])
    const green = paint([0, 255, 0, 255])
    store.undo()
    const blue = paint([0, 0, 255, 255])
    expect(store.version(blue).parentId).toBe(red)
    expect(store.version(green).parentId).toBe(red)
    const history = store.history()
    expect(history.map((entry) => entry.id)).toEqual([blue, green, red, 1])
    expect(history.filter((entry) => entry.onHeadPath).map((entry) => entry.id)).toEqual([blue, red, 1])
    expect(history.find((entry) => entry.isHead)?.id).toBe(blue)
    store.goTo(green)
    expect(colourAtHead()).toEqual([0, 255, 0, 255])
  })

  it('redo follows the most recently created child', () => {
    const red = paint([255, 0, 0, 255])
    store.undo()
    const blue = paint([0, 0, 255, 255])
    store.goTo(red)
    const green = paint([0, 255, 0, 255])
    store.goTo(1)
    expect(store.redo()).toBe(blue)
    expect(colourAtHead()).toEqual([0, 0, 255, 255])
    expect(store.redo()).toBeNull()
    store.goTo(red)
    expect(store.redo()).toBe(green)
  })

  it('goTo rolls back to any version, survives reopening, and refuses unknown versions', () => {
    paint([255, 0, 0, 255])
    const green = paint([0, 255, 0, 255])
    store.goTo(1)
    expect(colourAtHead()).toEqual([255, 255, 255, 255])
    const path = store.path
    store.close()
    store = ProjectStore.open(path)
    expect(store.head).toBe(1)
    expect(store.redo()).toBe(2)
    expect(store.redo()).toBe(green)
    expect(() => store.goTo(99)).toThrow(expect.objectContaining({ code: 'project.versionNotFound' }))
    expect(store.head).toBe(green)
  })

  it('keeps everything needed to re-run a version', () => {
    const id = store.commitEdit({
      operation: 'inpaint',
      params: { steps: 8, strength: 0.6 },
      prompt: '把沙发换成深蓝色绒布',
      negativePrompt: 'blurry',
      seed: 42,
      modelPack: 'z-image-turbo',
      engine: 'onnx-cpu',
      maskRef: 'mask-1',
      durationMs: 1234.5,
      thumbnail: Buffer.from('fake-png'),
      layers: [],
    }).versionId
    expect(store.version(id)).toEqual({
      id,
      parentId: 1,
      createdAt: expect.any(Number),
      operation: 'inpaint',
      params: { steps: 8, strength: 0.6 },
      prompt: '把沙发换成深蓝色绒布',
      negativePrompt: 'blurry',
      seed: 42,
      modelPack: 'z-image-turbo',
      engine: 'onnx-cpu',
      maskRef: 'mask-1',
      durationMs: 1234.5,
    })
    expect(store.thumbnail(id)).toEqual(Buffer.from('fake-png'))
    expect(store.thumbnail(1)).toBeNull()
    expect(store.history()[0]).toMatchObject({ id, hasThumbnail: true, prompt: '把沙发换成深蓝色绒布' })
  })

  it('search finds Chinese and English text in prompts, and the operations the caller names, never internal names or parameters', () => {
    const sofa = paint([0, 0, 128, 255], '把沙发换成深蓝色绒布')
    const bin = paint([0, 0, 0, 255], 'remove the bin on the right')
    const negative = store.commitEdit({ operation: 'inpaint', negativePrompt: '模糊的沙发', layers: [] }).versionId
    const percent = store.commitEdit({ operation: 'edit', prompt: '100% cotton', layers: [] }).versionId
    const warp = store.commitEdit({ operation: 'warp', params: { layerId: 'background', pairs: [] }, layers: [] }).versionId
    expect(store.search('沙发').map((entry) => entry.id)).toEqual([negative, sofa])
    expect(store.search('BIN').map((entry) => entry.id)).toEqual([bin])
    expect(store.search('100%').map((entry) => entry.id)).toEqual([percent])
    expect(store.search('%').map((entry) => entry.id)).toEqual([percent])
    expect(store.search('椅子')).toEqual([])
    // The rows say "Drag to deform" / "拖拽变形": the renderer sends the operations whose labels match.
    expect(store.search('warp')).toEqual([])
    expect(store.search('layerId')).toEqual([])
    expect(store.search('拖拽', ['warp']).map((entry) => entry.id)).toEqual([warp])
    expect(store.search('remove', ['remove']).map((entry) => entry.id)).toEqual([bin])
  })

  it('compare names added, removed and changed layers and the tiles that differ', () => {
    const first = store.head
    store.commitEdit({
      operation: 'add mask',
      layers: [{ layerId: 'mask', kind: 'mask', properties: { name: 'Mask' } }],
    })
    const painted = store.commitEdit({
      operation: 'brush',
      layers: [
        { layerId: 'background', pixels: { rect: { x: 300, y: 260, width: 10, height: 10 }, rgba: solidRgba(10, 10, [1, 2, 3, 255]) } },
        { layerId: 'mask', properties: { opacity: 0.5 } },
      ],
    }).versionId
    expect(store.compare(first, painted)).toEqual({
      added: ['mask'],
      removed: [],
      changed: [{ layerId: 'background', properties: [], tiles: [4] }],
    })
    const removed = store.commitEdit({ operation: 'delete layer', layers: [{ layerId: 'background', remove: true }] })
    expect(store.layers().map((layer) => layer.id)).toEqual(['mask'])
    expect(store.compare(painted, removed.versionId)).toEqual({ added: [], removed: ['background'], changed: [] })
    expect(() => store.readLayer(removed.versionId, 'background')).toThrow(
      expect.objectContaining({ code: 'project.layerNotFound' }),
    )
    expect(store.compare(painted - 1, painted).changed).toEqual([
      { layerId: 'background', properties: [], tiles: [4] },
      { layerId: 'mask', properties: ['opacity'], tiles: [] },
    ])
  })

  it('layers keep their order, properties and position moves per version', () => {
    store.commitEdit({ operation: 'add layer', layers: [{ layerId: 'top', properties: { name: 'Top' } }] })
    const moved = store.commitEdit({
      operation: 'move layer',
      layers: [{ layerId: 'top', position: 0, properties: { visible: false, blendMode: 'multiply', offsetX: -5 } }],
    }).versionId
    expect(store.layers(moved).map((layer) => [layer.id, layer.visible, layer.blendMode, layer.offsetX])).toEqual([
      ['top', false, 'multiply', -5],
      ['background', true, 'normal', 0],
    ])
    expect(store.compare(moved - 1, moved).changed).toEqual([
      { layerId: 'top', properties: ['visible', 'blendMode', 'offsetX', 'position'], tiles: [] },
      { layerId: 'background', properties: ['position'], tiles: [] },
    ])
    expect(store.layers(moved - 1).map((layer) => layer.id)).toEqual(['background', 'top'])
  })

  it('refuses bad edits without moving the head', () => {
    expect(() =>
      store.commitEdit({ operation: 'x', layers: [{ layerId: 'background', properties: { opacity: 2 } }] }),
    ).toThrow(expect.objectContaining({ code: 'api.badInput' }))
    expect(() =>
      store.commitEdit({
        operation: 'x',
        layers: [{ layerId: 'background', pixels: { rect: { x: 0, y: 0, width: 4, height: 4 }, rgba: Buffer.alloc(3) } }],
      }),
    ).toThrow(expect.objectContaining({ code: 'api.badInput' }))
    expect(() => store.commitEdit({ operation: 'x', layers: [{ layerId: 'ghost', remove: true }] })).toThrow(
      expect.objectContaining({ code: 'project.layerNotFound' }),
    )
    expect(store.head).toBe(1)
    expect(store.history()).toHaveLength(1)
  })
})
