import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src-main/documents/project'
import { kodakRgba } from '../fixtures/images'
import { drawStroke, historyOperations, exportedPixels, showKodakAtActualPixels } from './page'
import { openEditor, type EditorSession, type WebApp } from './webApp'

const WIDTH = 768

describe('removing an object with content-aware fill (web mode, Chromium, no model installed)', () => {
  let session: EditorSession
  let app: WebApp
  let page: Page
  let original: Buffer

  beforeAll(async () => {
    original = await kodakRgba(3)
    session = await openEditor()
    app = session.app
    page = session.page
  })
  afterAll(() => session?.close())

  const exported = () => exportedPixels(page)

  it('masks the blue cap, removes it with texture from around it, and undoes', async () => {
    await showKodakAtActualPixels(page, 3)
    await page.keyboard.press('q')
    await page.locator('.optionsbar input[type=range]').first().fill('60')
    await drawStroke(page, [[600, 430], [640, 440], [680, 460]])
    await historyOperations(page, 3)

    await page.getByRole('button', { name: 'Remove', exact: true }).click()
    expect(await historyOperations(page, 4)).toEqual(['Remove object', 'Mask stroke', 'New layer', 'Open'])
    const after = await exported()

    const mask = ProjectStore.open(join(app.dataDir, 'projects', 'kodim03.zproj'), { readOnly: true })
    const coverage = (() => {
      try {
        const layer = mask.layers().find((l) => l.kind === 'mask')!
        return mask.readLayer(mask.head, layer.id).rgba
      } finally {
        mask.close()
      }
    })()
    // Changes stay within the mask grown by the default 4 px; inside, texture, not a flat colour.
    const near = (x: number, y: number) => {
      for (let dy = -5; dy <= 5; dy++) for (let dx = -5; dx <= 5; dx++) if (coverage[((y + dy) * WIDTH + x + dx) * 4 + 3]! > 0) return true
      return false
    }
    let changedFar = 0
    const inside: number[] = []
    for (let y = 5; y < 507; y++) {
      for (let x = 5; x < WIDTH - 5; x++) {
        const i = (y * WIDTH + x) * 4
        const changed = after.readUInt32BE(i) !== original.readUInt32BE(i)
        if (!near(x, y) && changed) changedFar++
        if (coverage[i + 3]! > 0) inside.push(after[i]! + after[i + 1]! + after[i + 2]!)
      }
    }
    expect(changedFar).toBe(0)
    expect(inside.length).toBeGreaterThan(2000)
    const mean = inside.reduce((a, b) => a + b, 0) / inside.length
    const spread = Math.sqrt(inside.reduce((a, b) => a + (b - mean) ** 2, 0) / inside.length)
    expect(spread).toBeGreaterThan(10)

    await page.keyboard.press('Control+z')
    await page.locator('[data-testid=history] li.head .operation', { hasText: 'Mask stroke' }).waitFor()
    expect((await exported()).equals(original)).toBe(true)
  })
})
