import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { TestEditor } from '../../fixtures/editor/TestEditor'
import { BLUE, H, RED, twoHalves, W } from './photo'

let t: TestEditor
beforeEach(async () => {
  t = await new TestEditor().openImage(twoHalves(), W, H)
})
afterEach(() => t.close())

describe('painting in the editor core (Node, the real main API)', () => {
  it('commits a brush stroke as one version, its pixels in the layer and in main', async () => {
    t.editor.setBrush({ colour: '#00ff00', size: 6 })
    const before = t.state.history.length
    await t.setTool('brush').drag([40, 20], [56, 20])
    expect(t.state.history.length).toBe(before + 1)
    expect(t.operations.at(-1)).toBe('brush')
    expect(t.raster().at(48, 20)).toEqual([0, 255, 0, 255])
    expect(await t.mainPixel(t.state.activeLayerId!, 48, 20)).toEqual([0, 255, 0, 255])
    expect(t.raster().at(48, 30)).toEqual([...BLUE])
  })

  it('undoes the stroke back to the photo and redoes it, by keys', async () => {
    t.editor.setBrush({ colour: '#ffffff', size: 4 })
    await t.setTool('brush').drag([4, 30], [20, 30])
    await t.press('z', { mod: true })
    expect(t.raster().at(10, 30)).toEqual([...RED])
    expect(t.document.canRedo).toBe(true)
    await t.press('z', { mod: true, shift: true })
    expect(t.raster().at(10, 30)).toEqual([255, 255, 255, 255])
    expect(t.document.canRedo).toBe(false)
  })

  it('erases to transparent with the eraser', async () => {
    t.editor.setBrush({ size: 6 })
    await t.setTool('eraser').drag([40, 40], [50, 40])
    expect(t.raster().at(45, 40)[3]).toBe(0)
    expect(t.raster().at(45, 30)[3]).toBe(255)
    expect(t.operations.at(-1)).toBe('eraser')
  })

  it('paints only inside the selection', async () => {
    await t.setTool('rectangle').drag([0, 0], [32, 48])
    t.editor.setBrush({ colour: '#000000', size: 6 })
    await t.setTool('brush').drag([20, 24], [44, 24])
    expect(t.raster().at(28, 24)).toEqual([0, 0, 0, 255])
    expect(t.raster().at(36, 24)).toEqual([...BLUE])
  })

  it('refuses to paint a locked layer, naming it, and records nothing', async () => {
    await t.editor.session.commitLayerChange(t.state.activeLayerId!, { locked: true })
    const versions = t.state.history.length
    await t.setTool('brush').drag([40, 20], [56, 20])
    expect(t.state.error?.code).toBe('layer.locked')
    expect(t.state.history.length).toBe(versions)
    expect(t.raster().at(48, 20)).toEqual([...BLUE])
  })

  it('refuses to paint a hidden layer', async () => {
    await t.editor.session.commitLayerChange(t.state.activeLayerId!, { visible: false })
    await t.setTool('brush').drag([40, 20], [56, 20])
    expect(t.state.error?.code).toBe('layer.hidden')
  })

  it('makes the mask layer on the first mask stroke and shows the mask', async () => {
    t.editor.toggleMask(false)
    await t.setTool('mask').drag([10, 10], [30, 10])
    const mask = t.document.layers.find((layer) => layer.kind === 'mask')!
    expect(mask).toBeDefined()
    expect(t.state.maskShown).toBe(true)
    expect(t.raster(mask.id).at(20, 10)[3]).toBe(255)
    expect(t.raster(mask.id).at(20, 30)[3]).toBe(0)
  })

  it('drops a stroke on Escape before release: no version, no pixels', async () => {
    const versions = t.state.history.length
    await t.setTool('brush').pointerDown(40, 20)
    await t.pointerMove(50, 20)
    expect(t.editor.gesture.get().stroke).toBeDefined()
    await t.press('Escape')
    await t.pointerUp(50, 20)
    expect(t.editor.gesture.get().stroke).toBeUndefined()
    expect(t.state.history.length).toBe(versions)
    expect(t.raster().at(45, 20)).toEqual([...BLUE])
  })

  it('fills the area like the clicked pixel with the brush colour, as one version', async () => {
    t.editor.setBrush({ colour: '#ffff00' })
    await t.setTool('fill').click(4, 4)
    expect(t.raster().at(4, 40)).toEqual([255, 255, 0, 255])
    expect(t.raster().at(10, 10)).toEqual([20, 200, 40, 255])
    expect(t.raster().at(40, 4)).toEqual([...BLUE])
    expect(t.operations.at(-1)).toBe('fill')
  })

  it('picks the brush colour with the eyedropper', async () => {
    await t.setTool('eyedropper').click(50, 30)
    expect(t.state.brush.colour).toBe('#1428c8')
  })
})
