import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src-main/documents/project'
import { kodakPath } from '../fixtures/evalSet'
import { documentPixel, drawStroke, historyOperations, showKodakAtActualPixels } from './page'
import { launchChromium, startWebApp, type WebApp } from './webApp'

/** The brush's default colour, #e5534b. */
const RED = [229, 83, 75, 255]

describe('painting and its history (web mode, Chromium)', () => {
  let browser: Browser
  let app: WebApp
  let page: Page
  let original: (x: number, y: number) => number[]

  beforeAll(async () => {
    browser = await launchChromium()
    app = await startWebApp()
    const { data, info } = await sharp(kodakPath(3)).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    original = (x, y) => [...data.subarray((y * info.width + x) * 4, (y * info.width + x) * 4 + 4)]
  })
  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  async function openPage(): Promise<void> {
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true })
    await page.goto(app.url)
    await page.getByText('Open a photo to start').waitFor()
  }

  const settled = () => page.getByTestId('status').filter({ hasText: 'Ready' }).waitFor()

  it('paints a stroke as one version, undoes and redoes it, and finds the same history after a reload and a restart', async () => {
    await openPage()
    await showKodakAtActualPixels(page, 3)
    await page.keyboard.press('b')

    await drawStroke(page, [[100, 100], [200, 100], [300, 100]])
    expect(await historyOperations(page, 2)).toEqual(['Brush stroke', 'Open'])
    expect(await documentPixel(page, 200, 100)).toEqual(RED)
    expect(await documentPixel(page, 200, 140)).toEqual(original(200, 140))

    await page.keyboard.press('Control+z')
    await page.locator('[data-testid=history] li.head .operation', { hasText: 'Open' }).waitFor()
    await settled()
    expect(await documentPixel(page, 200, 100)).toEqual(original(200, 100))

    await page.keyboard.press('Control+Shift+Z')
    await page.locator('[data-testid=history] li.head .operation', { hasText: 'Brush stroke' }).waitFor()
    await settled()
    expect(await documentPixel(page, 200, 100)).toEqual(RED)

    // A reloaded window picks up the open document where it was.
    await page.reload()
    expect(await historyOperations(page, 2)).toEqual(['Brush stroke', 'Open'])
    await page.keyboard.press('Control+1')
    expect(await documentPixel(page, 200, 100)).toEqual(RED)
    await page.close()

    // A restarted app lists the project among the recent ones; reopening it brings back the whole history.
    await app.stop()
    app = await startWebApp(app.dataDir)
    await openPage()
    await page.getByRole('button', { name: 'kodim03.png' }).click()
    expect(await historyOperations(page, 2)).toEqual(['Brush stroke', 'Open'])
    await page.keyboard.press('Control+1')
    await settled()
    expect(await documentPixel(page, 200, 100)).toEqual(RED)
  })

  it('branches after an undo without losing anything, rolls back, compares, searches and exports', async () => {
    await page.keyboard.press('Control+z')
    await settled()
    await page.keyboard.press('b')
    await drawStroke(page, [[100, 300], [300, 300]])
    expect(await historyOperations(page, 3)).toEqual(['Brush stroke', 'Brush stroke', 'Open'])
    // The first stroke is now on another branch: still listed, dimmed.
    await expect(page.locator('[data-testid=history] li.branch').count()).resolves.toBe(1)
    expect(await documentPixel(page, 200, 300)).toEqual(RED)
    expect(await documentPixel(page, 200, 100)).toEqual(original(200, 100))

    await page.locator('[data-testid=history] li.branch button').click()
    await page.locator('[data-testid=history] li.head.branch').waitFor({ state: 'detached' })
    await settled()
    expect(await documentPixel(page, 200, 100)).toEqual(RED)
    expect(await documentPixel(page, 200, 300)).toEqual(original(200, 300))

    await page.keyboard.press('\\')
    await page.getByText('Showing the version before the current one.').waitFor()
    await settled()
    expect(await documentPixel(page, 200, 100)).toEqual(original(200, 100))
    await page.keyboard.press('\\')
    await page.getByText('Showing the version before the current one.').waitFor({ state: 'detached' })
    await settled()
    expect(await documentPixel(page, 200, 100)).toEqual(RED)

    await page.getByPlaceholder('Search prompts and steps…').fill('brush')
    expect(await historyOperations(page, 2)).toEqual(['Brush stroke', 'Brush stroke'])
    await page.getByPlaceholder('Search prompts and steps…').fill('')
    await historyOperations(page, 3)

    await page.getByRole('button', { name: 'File' }).click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="file.export.png"]').click()])
    const { data, info } = await sharp(await readFile((await download.path())!)).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 4, (y * info.width + x) * 4 + 4)]
    expect(at(200, 100)).toEqual(RED)
    expect(at(200, 300)).toEqual(original(200, 300))
  })

  it('says where the project is saved on Ctrl+S, and saves a copy with its whole history', async () => {
    await page.keyboard.press('Control+s')
    expect(await page.getByTestId('notice').textContent()).toContain(join(app.dataDir, 'projects', 'kodim03.zproj'))

    const copy = join(app.dataDir, 'copy of kodim03.zproj')
    await page.keyboard.press('Control+Shift+S')
    await page.getByRole('dialog', { name: 'Save as' }).getByRole('textbox').fill(copy)
    await page.getByRole('dialog', { name: 'Save as' }).getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByTestId('notice').filter({ hasText: copy }).waitFor()
    const saved = ProjectStore.open(copy, { readOnly: true })
    try {
      expect(saved.history().map((entry) => entry.operation)).toEqual(['brush', 'brush', 'open'])
    } finally {
      saved.close()
    }
  })
})
