import i18next from 'i18next'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { actions } from '../../../src-renderer/editor/actions'
import { zhCN } from '../../../src-renderer/ui/i18n/zh-CN'
import { TestEditor } from '../../fixtures/editor/TestEditor'
import { H, twoHalves, W } from './photo'

let t: TestEditor
beforeEach(async () => {
  const chinese = i18next.createInstance()
  await chinese.init({ resources: { 'zh-CN': { translation: zhCN } }, lng: 'zh-CN', interpolation: { escapeValue: false } })
  t = new TestEditor()
  t.editor.words = (key, values) => chinese.t(key, values)
  await t.openImage(twoHalves(), W, H)
})
afterEach(() => t.close())

describe('the names the editor gives layers', () => {
  it('are in the window’s language: a duplicate’s (Mod+J) and a flattened layer’s', async () => {
    t.editor.session.selectLayer(t.document.layers[0]!.id)
    await t.press('j', { mod: true })
    await t.waitFor(() => t.document.layers.length === 2)
    expect(t.document.layers.map((layer) => layer.name)).toEqual(['背景', '背景 副本'])
    await actions.find((action) => action.id === 'layer.flatten')!.run(t.editor, { chooseFile: async () => undefined, saveFile: () => undefined, toggleLanguage: () => undefined })
    await t.waitFor(() => t.document.layers.length === 1)
    expect(t.document.layers[0]!.name).toBe('背景')
  })
})
