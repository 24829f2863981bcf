import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actions } from '../../src-renderer/editor/actions'
import { shortcutLabel } from '../../src-renderer/editor/keys'
import { drawStroke, historyOperations, showKodakAtActualPixels } from './page'
import { openEditor, type EditorSession } from './webApp'

/**
 * Issue 14, items 14, 15, 17 and 18: history search by the labels the rows show, rows that always show their
 * thumbnail, label and time, dates and layer names in the interface language, the shortcut sheet and About.
 */

const history = (page: Page) => page.locator('[data-testid=history]')
const search = (page: Page) => page.locator('.history input[type=search]')
const settled = (page: Page) => page.locator('[data-testid=status]').filter({ hasText: /Ready|就绪/ }).waitFor()

/** Types a search and waits for the rows it finds (each answer replaces the list, so the count alone could be the last one's). */
async function found(page: Page, query: string, operations: string[]): Promise<void> {
  await search(page).fill(query)
  await expect.poll(() => history(page).locator('li .operation').allTextContents(), { timeout: 10_000 }).toEqual(operations)
}

async function dragPoint(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  await page.keyboard.press('d')
  await drawStroke(page, [from, to])
  await page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid=canvas]')!.getAttribute('data-drag')!).pairs.length === 1)
  await page.keyboard.press('Enter')
  await page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid=canvas]')!.getAttribute('data-drag')!).pairs.length === 0)
}

async function removeUnderMask(page: Page): Promise<void> {
  await page.keyboard.press('q')
  await drawStroke(page, [[600, 430], [640, 440], [680, 460]])
  await settled(page)
  await page.keyboard.press('Shift+Backspace')
}

/** What each history row shows, measured in the page: its height, whether its label and time are visible, its picture's brightness. */
async function rows(page: Page) {
  // Each row's picture arrives on its own; a row still without one after that is measured as it is (no picture).
  await page
    .waitForFunction(() => document.querySelectorAll('[data-testid=history] li .no-thumbnail').length === 0, undefined, { timeout: 10_000 })
    .catch(() => undefined)
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid=history] li img')].every((img) => img.complete))
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid=history] li')].map((li) => {
      li.scrollIntoView({ block: 'nearest' })
      // Visible: laid out with room, and what the pointer finds at its middle (not a button drawn over it).
      const visible = (element: Element | null) => {
        if (!element) return false
        const box = element.getBoundingClientRect()
        const hit = document.elementFromPoint(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2)
        return box.width > 30 && box.height > 8 && (hit === element || element.contains(hit))
      }
      const img = li.querySelector('img')
      let brightness = 0
      if (img) {
        const canvas = Object.assign(document.createElement('canvas'), { width: img.naturalWidth, height: img.naturalHeight })
        const context = canvas.getContext('2d')!
        context.drawImage(img, 0, 0)
        const { data } = context.getImageData(0, 0, canvas.width, canvas.height)
        let sum = 0
        for (let i = 0; i < data.length; i += 4) sum += (data[i]! + data[i + 1]! + data[i + 2]!) / 3
        brightness = sum / (data.length / 4)
      }
      return {
        operation: li.querySelector('.operation')?.textContent ?? '',
        height: Math.round(li.getBoundingClientRect().height),
        label: visible(li.querySelector('.operation')),
        time: visible(li.querySelector('time')),
        timeText: li.querySelector('time')?.textContent ?? '',
        thumbnailWidth: img?.getBoundingClientRect().width ?? 0,
        brightness,
      }
    }),
  )
}

describe('history rows and search, in English (web mode, Chromium)', () => {
  let session: EditorSession
  let page: Page

  beforeAll(async () => {
    session = await openEditor()
    page = session.page
    // Tall enough for the whole history to show in the screenshots.
    await page.setViewportSize({ width: 1500, height: 1500 })
    await showKodakAtActualPixels(page, 3)
    await page.keyboard.press('b')
    await drawStroke(page, [[100, 100], [300, 100]])
    await dragPoint(page, [400, 250], [430, 260])
    // Undo the drag and paint: that drag is now on an abandoned branch.
    await page.keyboard.press('Control+z')
    await page.locator('[data-testid=history] li.head .operation', { hasText: 'Brush stroke' }).waitFor()
    await page.keyboard.press('b')
    await drawStroke(page, [[100, 300], [300, 300]])
    await dragPoint(page, [400, 250], [430, 260])
    await removeUnderMask(page)
    await page.locator('[data-testid=history] li.head .operation', { hasText: 'Remove object' }).waitFor()
    await page.keyboard.press('Control+Shift+N')
    await page.locator('[data-layer="Layer 2"]').getByRole('button', { name: 'Hide layer' }).click()
    await historyOperations(page, 10)
    await settled(page)
  }, 120_000)
  afterAll(() => session?.close())

  it('shows every row, the abandoned drag too, with its thumbnail, label and time at one height', async () => {
    expect(await historyOperations(page, 10)).toEqual([
      'Layer properties', 'New layer', 'Remove object', 'Mask stroke', 'New layer', 'Drag to deform', 'Brush stroke', 'Drag to deform', 'Brush stroke', 'Open',
    ])
    expect(await history(page).locator('li.branch .operation').allTextContents()).toEqual(['Drag to deform'])
    await page.screenshot({ path: '/tmp/shots/history-en.png' })
    const shown = await rows(page)
    expect(shown.filter((row) => !row.label || !row.time).map((row) => row.operation), 'rows whose label or time is hidden').toEqual([])
    // Kodak 3's composite, never a black box: versions without a stored picture get the document's.
    expect(shown.filter((row) => row.thumbnailWidth < 50 || row.brightness < 40).map((row) => row.operation), 'rows without a picture').toEqual([])
    expect(new Set(shown.map((row) => row.height)).size, 'row heights').toBe(1)
    // English times carry AM/PM.
    for (const row of shown) expect(row.timeText).toMatch(/^\d{1,2}:\d{2}:\d{2}\s?[AP]M$/)
    // The drag's Reopen button sits beside its row's label, not over it.
    expect(await history(page).locator('li.branch').getByRole('button', { name: 'Reopen drag' }).isVisible()).toBe(true)
  })

  it('finds versions by the labels the rows show, not by internal operation names', async () => {
    await found(page, 'drag', ['Drag to deform', 'Drag to deform'])
    await found(page, 'Deform', ['Drag to deform', 'Drag to deform'])
    // Internal names are not what a row shows (each empty answer follows a full one, so it is the search's own).
    await found(page, 'warp', [])
    await found(page, 'remove', ['Remove object'])
    await found(page, 'layerId', [])
    await found(page, 'layer', ['Layer properties', 'New layer', 'New layer'])
    // Labels of the other language are found too: a project is shared, a user switches.
    await found(page, '拖拽', ['Drag to deform', 'Drag to deform'])
    await search(page).fill('')
    await historyOperations(page, 10)
  })

  it('lists every shortcut of the action registry in the sheet, as the menus show them; F1 and Ctrl+/ open it', async () => {
    // Keys in the search box are the box's: Escape leaves it, then F1 is the shortcut sheet's.
    await search(page).press('Escape')
    await page.keyboard.press('F1')
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await sheet.waitFor()
    await page.screenshot({ path: '/tmp/shots/shortcuts-en.png' })
    const keyed = actions.filter((action) => action.shortcuts?.length)
    expect(await sheet.locator('tr[data-action]').count()).toBe(keyed.length)
    for (const action of keyed) {
      expect(await sheet.locator(`tr[data-action="${action.id}"] kbd`).allTextContents(), action.id).toEqual(action.shortcuts!.map(shortcutLabel))
    }
    expect(await sheet.locator('tr[data-action="tool.brush"]').textContent()).toBe('BrushB')
    expect(await sheet.locator('tr[data-action="help.shortcuts"] kbd').allTextContents()).toEqual(['F1', 'Ctrl+/'])
    await page.keyboard.press('Escape')
    await sheet.waitFor({ state: 'detached' })

    // Each menu item's key is the sheet's first key for it.
    await page.keyboard.press('Control+/')
    await sheet.waitFor()
    const inSheet = Object.fromEntries(
      await sheet.locator('tr[data-action]').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-action')!, tr.querySelector('kbd')!.textContent!])),
    )
    await page.keyboard.press('Escape')
    await sheet.waitFor({ state: 'detached' })
    let compared = 0
    for (const menu of ['File', 'Edit', 'View', 'Layer', 'Select', 'AI', 'Help']) {
      await page.locator('.menu-title', { hasText: new RegExp(`^${menu}$`) }).click()
      const items = await page.locator('[role=menu] [role=menuitem]').evaluateAll((buttons) =>
        buttons.map((button) => [button.getAttribute('data-action')!, button.querySelector('kbd')?.textContent ?? null] as const),
      )
      for (const [id, key] of items) {
        if (key === null) continue
        expect(inSheet[id], id).toBe(key)
        compared++
      }
      await page.locator('.menu-title', { hasText: new RegExp(`^${menu}$`) }).click()
    }
    expect(compared).toBeGreaterThan(15)

    await page.locator('.menu-title', { hasText: 'Help' }).click()
    await page.locator('[data-action="help.shortcuts"]').click()
    await sheet.waitFor()
    await page.keyboard.press('Escape')
  })

  it('About names the app version from app.info and every bundled package with its licence from its package.json', async () => {
    const app = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; dependencies: Record<string, string> }
    await page.locator('.menu-title', { hasText: 'Help' }).click()
    await page.locator('[data-action="help.about"]').click()
    const about = page.getByRole('dialog', { name: 'About Z-Image Editor' })
    await about.waitFor()
    await expect.poll(() => about.getByTestId('app-version').textContent()).toBe(`Version ${app.version}`)
    await page.screenshot({ path: '/tmp/shots/about-en.png' })
    const bundled = Object.keys(app.dependencies).filter((name) => !name.startsWith('@types/'))
    for (const name of bundled) {
      const { version, license } = JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string; license: string }
      expect(await about.locator(`tr[data-package="${name}"] td`).allTextContents(), name).toEqual([name, version, license])
    }
    // sharp's libvips is a bundled native part with a licence of its own.
    expect(await about.locator('tr[data-package^="@img/sharp-libvips-"] td').nth(2).textContent()).toBe('LGPL-3.0-or-later')
    await page.keyboard.press('Escape')
    await about.waitFor({ state: 'detached' })
  })
})

describe('history, layers and help in Chinese (web mode, Chromium)', () => {
  let session: EditorSession
  let page: Page

  beforeAll(async () => {
    session = await openEditor()
    page = session.page
    // Tall enough for the whole history to show in the screenshots.
    await page.setViewportSize({ width: 1500, height: 1500 })
    await page.evaluate(() => localStorage.setItem('editor.language', 'zh-CN'))
    await page.reload()
    await page.getByText('帮助').waitFor()
    await showKodakAtActualPixels(page, 3)
    await page.keyboard.press('Control+Shift+N')
    await page.locator('[data-layer="图层 2"]').waitFor()
    await page.locator('[data-layer="背景"] .layer-name').click()
    await dragPoint(page, [400, 250], [430, 260])
    await removeUnderMask(page)
    await page.locator('[data-testid=history] li.head .operation', { hasText: '移除物体' }).waitFor()
    await settled(page)
  }, 120_000)
  afterAll(() => session?.close())

  it('names new layers in Chinese and writes times the Chinese way', async () => {
    expect(await page.locator('[data-testid=layers] [data-layer]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-layer')))).toEqual(['蒙版', '图层 2', '背景'])
    const shown = await rows(page)
    expect(shown.map((row) => row.operation)).toEqual(['移除物体', '蒙版描边', '新建图层', '拖拽变形', '新建图层', '打开'])
    for (const row of shown) {
      expect(row.timeText, row.operation).toMatch(/^\d{1,2}:\d{2}:\d{2}$/)
      expect(row.brightness, row.operation).toBeGreaterThan(40)
    }
    await page.screenshot({ path: '/tmp/shots/history-zh.png' })
  })

  it('finds 移除 and 拖拽 by the labels the Chinese rows show', async () => {
    await found(page, '移除', ['移除物体'])
    await found(page, '拖拽', ['拖拽变形'])
    await found(page, 'drag', ['拖拽变形'])
    await search(page).fill('')
    await historyOperations(page, 6)
  })

  it('shows the "auto" placeholders, the shortcut sheet and About in Chinese', async () => {
    await search(page).press('Escape')
    await page.locator('.prompt summary').first().click()
    expect(await page.locator('.prompt input[type=number][placeholder]').evaluateAll((inputs) => inputs.map((input) => input.getAttribute('placeholder')))).toContain('自动')
    expect(await page.locator('.prompt input[placeholder="auto"]').count()).toBe(0)
    await page.keyboard.press('F1')
    const sheet = page.getByRole('dialog', { name: '键盘快捷键' })
    await sheet.waitFor()
    expect(await sheet.locator('tr[data-action="tool.brush"]').textContent()).toBe('画笔B')
    await page.screenshot({ path: '/tmp/shots/shortcuts-zh.png' })
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: '帮助' }).click()
    await page.locator('[data-action="help.about"]').click()
    const about = page.getByRole('dialog', { name: '关于 Z-Image Editor' })
    await expect.poll(() => about.getByTestId('app-version').textContent()).toMatch(/^版本 \d+\.\d+\.\d+/)
    await page.screenshot({ path: '/tmp/shots/about-zh.png' })
    await page.keyboard.press('Escape')
  })
})
