import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { TestEditor } from '../../fixtures/editor/TestEditor'
import { H, twoHalves, W } from './photo'

let t: TestEditor
beforeEach(async () => {
  t = await new TestEditor().openImage(twoHalves(), W, H)
})
afterEach(() => t.close())

describe('crop, transform, move and drag handles in the editor core', () => {
  it('crops to a drawn box adjusted by its corner handle on Enter, as one version that undo takes back', async () => {
    await t.setTool('crop').drag([4, 4], [30, 30])
    expect(t.editor.crop.get()).toEqual({ x: 4, y: 4, width: 26, height: 26 })
    // The bottom-right handle, pulled out to (40, 36).
    await t.drag([30, 30], [40, 36])
    expect(t.editor.crop.get()).toEqual({ x: 4, y: 4, width: 36, height: 32 })
    // A drag inside moves the box.
    await t.drag([20, 20], [18, 16])
    expect(t.editor.crop.get()).toEqual({ x: 2, y: 0, width: 36, height: 32 })
    await t.press('Enter')
    expect(t.editor.crop.get()).toBeUndefined()
    expect([t.document.width, t.document.height]).toEqual([36, 32])
    expect(t.operations.at(-1)).toBe('crop')
    await t.press('z', { mod: true })
    expect([t.document.width, t.document.height]).toEqual([W, H])
  })

  it('drops the crop box on Escape and changes nothing', async () => {
    await t.setTool('crop').drag([4, 4], [30, 30])
    await t.press('Escape')
    expect(t.editor.crop.get()).toBeUndefined()
    await expect(t.press('Enter')).rejects.toThrow(/No action/)
    expect([t.document.width, t.document.height]).toEqual([W, H])
  })

  it('moves the layer by a free transform dragged from inside its box, one version on Enter, and goes back to the tool before', async () => {
    t.setTool('brush')
    await t.press('t', { mod: true })
    expect(t.state.tool).toBe('transform')
    expect(t.editor.transform.get()).toBeDefined()
    await t.drag([32, 24], [42, 30])
    const versions = t.state.history.length
    await t.press('Enter')
    expect(t.editor.transform.get()).toBeUndefined()
    expect(t.state.tool).toBe('brush')
    expect(t.state.history.length).toBe(versions + 1)
    expect(t.operations.at(-1)).toBe('layer.transform')
    const layer = t.document.layers[0]!
    expect([layer.offsetX, layer.offsetY]).toEqual([10, 6])
  })

  it('refuses a free transform on a locked layer and stays on the tool', async () => {
    await t.editor.session.commitLayerChange(t.state.activeLayerId!, { locked: true })
    t.setTool('move')
    await t.press('t', { mod: true })
    expect(t.state.tool).toBe('move')
    expect(t.editor.transform.get()).toBeUndefined()
    expect(t.state.error?.code).toBe('layer.locked')
  })

  it('drops the transform on Escape, back to the tool before, with no version', async () => {
    t.setTool('wand')
    await t.press('t', { mod: true })
    await t.drag([32, 24], [42, 30])
    const versions = t.state.history.length
    await t.press('Escape')
    expect(t.state.tool).toBe('wand')
    expect(t.editor.transform.get()).toBeUndefined()
    expect(t.state.history.length).toBe(versions)
  })

  it('moves the active layer with the move tool: previewed while dragging, one version on release', async () => {
    await t.setTool('move').pointerDown(10, 10)
    await t.pointerMove(15, 13)
    expect(t.editor.gesture.get().moving).toMatchObject({ dx: 5, dy: 3 })
    await t.pointerUp(15, 13)
    const layer = t.document.layers.find((candidate) => candidate.id === t.state.activeLayerId)!
    expect([layer.offsetX, layer.offsetY]).toEqual([5, 3])
    expect(t.editor.gesture.get().moving).toBeUndefined()
    await t.press('z', { mod: true })
    expect(t.document.layers[0]!.offsetX).toBe(0)
  })

  it('places, carries, pins and removes drag handles, and Escape clears them', async () => {
    t.setTool('drag')
    await t.drag([10, 10], [20, 14])
    expect(t.editor.drag.get().pairs).toEqual([{ handle: { x: 10, y: 10 }, target: { x: 20, y: 14 } }])
    // Pressing on the target carries it further.
    await t.drag([20, 14], [24, 20])
    expect(t.editor.drag.get().pairs[0]!.target).toEqual({ x: 24, y: 20 })
    await t.click(50, 40, { shift: true })
    expect(t.editor.drag.get().pins).toEqual([{ x: 50, y: 40 }])
    await t.click(50, 40, { alt: true })
    expect(t.editor.drag.get().pins).toEqual([])
    await t.press('Escape')
    expect(t.editor.drag.get().pairs).toEqual([])
  })

  it('applies a drag on Enter as a warp job: one version, and the handles go', async () => {
    t.setTool('drag')
    await t.drag([40, 24], [46, 24])
    const versions = t.state.history.length
    await t.press('Enter')
    await t.waitFor(() => t.state.history.length === versions + 1 && t.editor.drag.get().pairs.length === 0)
    expect(t.operations.at(-1)).toBe('warp')
  })
})
