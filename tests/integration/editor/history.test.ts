import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { TestEditor } from '../../fixtures/editor/TestEditor'
import { BLUE, H, RED, twoHalves, W } from './photo'

let t: TestEditor
beforeEach(async () => {
  t = await new TestEditor().openImage(twoHalves(), W, H)
  t.editor.setBrush({ size: 4 })
})
afterEach(() => t.close())

const stroke = async (colour: string, y: number) => {
  t.editor.setBrush({ colour })
  await t.setTool('brush').drag([36, y], [60, y])
}

describe('history in the editor core', () => {
  it('undoes and redoes step by step, the head and its flags following', async () => {
    await stroke('#ffffff', 10)
    await stroke('#000000', 20)
    const head = t.document.head
    await t.press('z', { mod: true })
    expect(t.raster().at(48, 20)).toEqual([...BLUE])
    expect(t.raster().at(48, 10)).toEqual([255, 255, 255, 255])
    await t.press('z', { mod: true })
    expect(t.raster().at(48, 10)).toEqual([...BLUE])
    await t.press('y', { mod: true })
    await t.press('y', { mod: true })
    expect(t.document.head).toBe(head)
    expect(t.raster().at(48, 20)).toEqual([0, 0, 0, 255])
  })

  it('starts a branch when editing after an undo, losing nothing', async () => {
    await stroke('#ffffff', 10)
    const first = t.document.head
    await t.press('z', { mod: true })
    await stroke('#000000', 30)
    expect(t.document.canRedo).toBe(false)
    expect(t.state.history.some((entry) => entry.id === first)).toBe(true)
    const branch = t.state.history.find((entry) => entry.id === t.document.head)!
    expect(branch.parentId).toBe(t.state.history.find((entry) => entry.id === first)!.parentId)
    expect(t.raster().at(48, 10)).toEqual([...BLUE])
  })

  it('goes back to a clicked version, and forward to another branch', async () => {
    await stroke('#ffffff', 10)
    const white = t.document.head
    await t.press('z', { mod: true })
    await stroke('#000000', 30)
    await t.editor.session.goTo(white)
    expect(t.document.head).toBe(white)
    expect(t.raster().at(48, 10)).toEqual([255, 255, 255, 255])
    expect(t.raster().at(48, 30)).toEqual([...BLUE])
  })

  it('compares with the version before by \\ and refuses edits while comparing', async () => {
    await stroke('#ffffff', 10)
    await t.press('\\')
    expect(t.state.comparing).toBeDefined()
    expect(t.raster().at(48, 10)).toEqual([...BLUE])
    const versions = t.state.history.length
    await t.setTool('brush').drag([36, 40], [60, 40])
    expect(t.state.error?.code).toBe('edit.whileComparing')
    expect(t.state.history.length).toBe(versions)
    await t.press('\\')
    expect(t.state.comparing).toBeUndefined()
    expect(t.raster().at(48, 10)).toEqual([255, 255, 255, 255])
  })

  it('makes a layer operation one version: a new layer becomes active, undo removes it', async () => {
    const photo = t.state.activeLayerId
    await t.press('N', { mod: true, shift: true })
    expect(t.document.layers).toHaveLength(2)
    expect(t.state.activeLayerId).not.toBe(photo)
    await t.press('z', { mod: true })
    expect(t.document.layers).toHaveLength(1)
    expect(t.state.activeLayerId).toBe(photo)
    expect(t.raster().at(4, 40)).toEqual([...RED])
  })

  it('finds versions by their operation in the history search', async () => {
    await stroke('#ffffff', 10)
    await t.setTool('fill').click(4, 40)
    const found = await t.editor.session.searchHistory('paint bucket', ['fill'])
    expect(found.map((entry) => entry.operation)).toEqual(['fill'])
  })
})
