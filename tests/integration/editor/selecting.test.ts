import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { coverageBounds } from '../../../src-renderer/editor/selection/coverage'
import { TestEditor } from '../../fixtures/editor/TestEditor'
import { H, twoHalves, W } from './photo'

let t: TestEditor
beforeEach(async () => {
  t = await new TestEditor().openImage(twoHalves(), W, H)
})
afterEach(() => t.close())

const bounds = () => (t.state.selection ? coverageBounds(t.state.selection.coverage) : undefined)
const selected = (x: number, y: number) => t.state.selection?.coverage.alpha[y * W + x] ?? 0

describe('selecting in the editor core', () => {
  it('selects the dragged rectangle, its draft shown while dragging and gone after', async () => {
    await t.setTool('rectangle').pointerDown(4, 6)
    await t.pointerMove(20, 30)
    expect(t.editor.gesture.get().selectionDraft).toMatchObject({ kind: 'rectangle', x: 4, y: 6, width: 16, height: 24 })
    await t.pointerUp(20, 30)
    expect(t.editor.gesture.get().selectionDraft).toBeUndefined()
    expect(bounds()).toEqual({ x: 4, y: 6, width: 16, height: 24 })
    expect(t.state.selection!.outline.length).toBeGreaterThan(0)
  })

  it('deselects on a click without a drag', async () => {
    await t.setTool('rectangle').drag([4, 4], [20, 20])
    await t.click(30, 30)
    expect(t.state.selection).toBeUndefined()
  })

  it('adds with Shift, subtracts with Alt and intersects with both', async () => {
    await t.setTool('rectangle').drag([0, 0], [20, 20])
    await t.drag([30, 0], [40, 10], { shift: true })
    expect(selected(10, 10)).toBe(255)
    expect(selected(35, 5)).toBe(255)
    await t.drag([0, 0], [10, 10], { alt: true })
    expect(selected(5, 5)).toBe(0)
    expect(selected(15, 15)).toBe(255)
    await t.drag([12, 12], [40, 40], { shift: true, alt: true })
    expect(bounds()).toEqual({ x: 12, y: 12, width: 8, height: 8 })
  })

  it('selects all, inverts and deselects by keys', async () => {
    await t.setTool('rectangle').drag([0, 0], [32, 48])
    await t.press('i', { mod: true, shift: true })
    expect(bounds()).toEqual({ x: 32, y: 0, width: 32, height: 48 })
    await t.press('a', { mod: true })
    expect(bounds()).toEqual({ x: 0, y: 0, width: W, height: H })
    await t.press('d', { mod: true })
    expect(t.state.selection).toBeUndefined()
  })

  it('grows, shrinks and feathers by the selection amount', async () => {
    t.editor.selection.setAmount(3)
    await t.setTool('rectangle').drag([20, 20], [30, 30])
    t.editor.selection.grow(t.state.selectionAmount)
    expect(bounds()).toEqual({ x: 17, y: 17, width: 16, height: 16 })
    t.editor.selection.grow(-6)
    expect(bounds()).toEqual({ x: 23, y: 23, width: 4, height: 4 })
    t.editor.selection.grow(3)
    t.editor.selection.feather(3)
    const edge = selected(20, 25)
    expect(edge).toBeGreaterThan(0)
    expect(edge).toBeLessThan(255)
  })

  it('selects the clicked colour with the wand, contiguous, and Shift adds another', async () => {
    await t.setTool('wand').click(2, 2)
    expect(selected(30, 40)).toBe(255)
    expect(selected(10, 10)).toBe(0)
    expect(selected(40, 10)).toBe(0)
    await t.click(10, 10, { shift: true })
    expect(selected(10, 10)).toBe(255)
    expect(bounds()).toEqual({ x: 0, y: 0, width: 32, height: 48 })
  })

  it('samples what all visible layers show with "Sample all layers", the active layer alone without', async () => {
    await t.press('N', { mod: true, shift: true })
    expect(t.document.layers).toHaveLength(2)
    await t.setTool('wand').click(2, 2)
    expect(bounds()).toEqual({ x: 0, y: 0, width: W, height: H })
    t.editor.selection.setWand({ sampleAll: true })
    await t.click(2, 2)
    expect(selected(40, 10)).toBe(0)
    expect(selected(30, 40)).toBe(255)
  })

  it('makes the selection the AI mask and the mask the selection again', async () => {
    await t.setTool('rectangle').drag([8, 8], [24, 20])
    await t.editor.selection.toMask()
    const mask = t.document.layers.find((layer) => layer.kind === 'mask')!
    expect(t.raster(mask.id).at(10, 10)[3]).toBe(255)
    expect(t.raster(mask.id).at(30, 30)[3]).toBe(0)
    t.editor.selection.deselect()
    await t.editor.selection.fromMask()
    expect(bounds()).toEqual({ x: 8, y: 8, width: 16, height: 12 })
  })

  it('closes a polygonal lasso with Enter, takes back a vertex with Backspace, abandons it with Escape', async () => {
    await t.setTool('polygon').click(4, 4)
    await t.click(40, 4)
    await t.click(40, 40)
    await t.click(60, 44)
    expect(t.editor.gesture.get().polygonDraft?.points).toHaveLength(8)
    await t.press('Backspace')
    expect(t.editor.gesture.get().polygonDraft?.points).toHaveLength(6)
    await t.press('Enter')
    expect(t.editor.gesture.get().polygonDraft).toBeUndefined()
    expect(selected(30, 10)).toBe(255)
    expect(selected(55, 42)).toBe(0)
    await t.click(1, 1)
    await t.press('Escape')
    expect(t.editor.gesture.get().polygonDraft).toBeUndefined()
    expect(selected(30, 10)).toBe(255)
  })
})
