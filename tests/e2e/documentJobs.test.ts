import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { photoLikeRgba } from '../fixtures/documents/pixels'
import { historyOperations, openThroughMenu } from './page'
import { launchChromium, startWebApp, type WebApp } from './webApp'

const WIDTH = 6000
const HEIGHT = 4000

/**
 * Issue 15 item 3: merge down, flatten and export of a 24 MP document are jobs in the status bar, with progress and
 * a Cancel button; a cancelled flatten leaves the document as it was. The document is large so each lasts long
 * enough to be seen.
 */
describe('merge, flatten and export as jobs in the status bar (web mode, Chromium)', () => {
  let app: WebApp
  let page: Page
  let close: () => Promise<void>

  beforeAll(async () => {
    app = await startWebApp()
    const browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1200, height: 800 }, acceptDownloads: true })
    close = async () => {
      await browser.close()
      await app.stop()
    }
    await page.goto(app.url)
    await page.getByText('Open a photo to start').waitFor()
    const jpeg = await sharp(photoLikeRgba(WIDTH, HEIGHT, 2), { raw: { width: WIDTH, height: HEIGHT, channels: 4 } }).jpeg({ quality: 85 }).toBuffer()
    await openThroughMenu(page, { name: 'large.jpg', mimeType: 'image/jpeg', buffer: jpeg })
    await historyOperations(page, 1)
    await page.getByRole('button', { name: 'New', exact: true }).click()
    await historyOperations(page, 2)
  }, 240_000)
  afterAll(() => close?.())

  const jobs = () => page.getByTestId('jobs')
  const layerMenu = async (action: string) => {
    await page.getByRole('button', { name: 'Layer', exact: true }).click()
    await page.locator(`.menubar [data-action="${action}"]`).click()
  }

  it('a flatten shows with its progress and Cancel; cancelled, the layers and history stay as they were', async () => {
    const before = await historyOperations(page, await page.locator('[data-testid=history] li').count())
    const layers = await page.locator('[data-testid=layers] li').count()
    await layerMenu('layer.flatten')
    await jobs().locator('progress').waitFor({ timeout: 30_000 })
    await jobs().getByRole('button', { name: 'Cancel' }).click()
    await jobs().waitFor({ state: 'detached', timeout: 60_000 })
    expect(await historyOperations(page, before.length)).toEqual(before)
    expect(await page.locator('[data-testid=layers] li').count()).toBe(layers)
  }, 120_000)

  it('merge down and flatten show as jobs and commit one version each', async () => {
    const count = await page.locator('[data-testid=history] li').count()
    await layerMenu('layer.mergeDown')
    await jobs().locator('progress').waitFor({ timeout: 30_000 })
    await jobs().waitFor({ state: 'detached', timeout: 90_000 })
    await historyOperations(page, count + 1)
    await page.getByRole('button', { name: 'New', exact: true }).click()
    await historyOperations(page, count + 2)
    await layerMenu('layer.flatten')
    await jobs().locator('progress').waitFor({ timeout: 30_000 })
    await jobs().waitFor({ state: 'detached', timeout: 90_000 })
    await historyOperations(page, count + 3)
    expect(await page.locator('[data-testid=layers] li').count()).toBe(1)
  }, 240_000)

  it('an export shows as a job with its progress, then downloads', async () => {
    await page.getByRole('button', { name: 'File', exact: true }).click()
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      (async () => {
        await page.locator('[data-action="file.export.png"]').click()
        await jobs().locator('progress').waitFor({ timeout: 30_000 })
      })(),
    ])
    expect(download.suggestedFilename()).toBe('large.png')
    const { width, height } = await sharp((await download.path())!).metadata()
    expect([width, height]).toEqual([WIDTH, HEIGHT])
  }, 180_000)
})
