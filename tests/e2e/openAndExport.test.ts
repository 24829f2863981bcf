import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { kodakPath } from '../fixtures/evalSet'
import { emptyFile, pngClaimingSize, randomBytes, textFile, truncatedJpeg } from '../fixtures/images'
import { canvasPixel, canvasView, deliverFile, openThroughMenu } from './page'
import { launchChromium, startWebApp, type WebApp } from './webApp'

const decodeRaw = (image: Buffer | string) => sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true })

describe('opening, showing and exporting photos (web mode, Chromium)', () => {
  let app: WebApp
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })
  // A fresh app each time: a new page would otherwise pick up the document the last test left open.
  beforeEach(async () => {
    app = await startWebApp()
    page = await browser.newPage({ viewport: { width: 1200, height: 800 }, acceptDownloads: true })
    await page.goto(app.url)
    await page.getByText('Open a photo to start').waitFor()
  })
  afterEach(async () => {
    await page.close()
    await app.stop()
  })

  async function expectShownAtActualPixels(name: string, file: string): Promise<void> {
    await page.getByText(name).waitFor()
    await page.keyboard.press('Control+1')
    const { data, info } = await decodeRaw(file)
    const view = await canvasView(page)
    const [x, y] = [Math.floor(info.width / 3), Math.floor(info.height / 2)]
    const offset = (y * info.width + x) * 4
    expect(await canvasPixel(page, view.x + x, view.y + y)).toEqual([...data.subarray(offset, offset + 4)])
  }

  it('shows an opened photo fitted to the window, then pixel for pixel at 100%', async () => {
    const { data, info } = await decodeRaw(kodakPath(3))
    await openThroughMenu(page, kodakPath(3))
    await page.getByText('kodim03.png · 768×512').waitFor()
    const fitted = await canvasView(page)
    const canvasBox = (await page.getByTestId('canvas').boundingBox())!
    expect(fitted.zoom).toBeCloseTo(Math.min(1, (canvasBox.width - 48) / 768, (canvasBox.height - 48) / 512), 5)

    await page.keyboard.press('Control+1')
    const actual = await canvasView(page)
    expect(actual.zoom).toBe(1)
    for (const [x, y] of [[10, 10], [384, 256], [700, 40], [100, 480]] as const) {
      const offset = (y * info.width + x) * 4
      expect(await canvasPixel(page, actual.x + x, actual.y + y)).toEqual([...data.subarray(offset, offset + 4)])
    }
  })

  it('opens a photo dropped onto the window', async () => {
    await deliverFile(page, 'drop', { name: 'kodim05.png', mimeType: 'image/png', buffer: await readFile(kodakPath(5)) })
    await expectShownAtActualPixels('kodim05.png', kodakPath(5))
  })

  it('opens a photo pasted from the clipboard, and says so when the clipboard holds no image', async () => {
    await deliverFile(page, 'paste', { name: 'image.png', mimeType: 'image/png', buffer: await readFile(kodakPath(7)) })
    await expectShownAtActualPixels('image.png', kodakPath(7))
    await page.evaluate(() => {
      const transfer = new DataTransfer()
      transfer.setData('text/plain', 'just words')
      window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer }))
    })
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not an image')
  })

  it('exports PNG with the exact pixels, and JPEG and WebP close to them', async () => {
    await openThroughMenu(page, kodakPath(3))
    await page.getByText('kodim03.png').waitFor()
    const original = await decodeRaw(kodakPath(3))
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      await page.getByRole('button', { name: 'File' }).click()
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-action="file.export.${format}"]`).click()])
      expect(download.suggestedFilename()).toBe(`kodim03.${format === 'jpeg' ? 'jpg' : format}`)
      const exported = await decodeRaw(await readFile((await download.path())!))
      expect(exported.info).toMatchObject({ width: 768, height: 512 })
      let error = 0
      for (let i = 0; i < exported.data.length; i++) error += Math.abs(exported.data[i]! - original.data[i]!)
      const meanError = error / exported.data.length
      if (format === 'png') expect(meanError).toBe(0)
      else expect(meanError).toBeLessThan(3)
    }
  })

  it('refuses each bad file with one clear message and leaves the open photo as it was', async () => {
    await openThroughMenu(page, kodakPath(3))
    await page.getByText('kodim03.png · 768×512').waitFor()
    const view = await canvasView(page)
    const before = await canvasPixel(page, view.x + 100, view.y + 100)

    const badFiles = [
      { name: 'empty.png', buffer: emptyFile(), says: 'The file is empty' },
      { name: 'notes.txt', buffer: textFile(), says: 'not an image the editor can open' },
      { name: 'noise.jpg', buffer: randomBytes(4096), says: 'not an image the editor can open' },
      { name: 'cut.jpg', buffer: await truncatedJpeg(), says: 'damaged or incomplete' },
      { name: 'huge.png', buffer: pngClaimingSize(100_000, 100_000), says: 'too large' },
    ]
    for (const bad of badFiles) {
      await openThroughMenu(page, { name: bad.name, mimeType: 'application/octet-stream', buffer: bad.buffer })
      const alert = page.getByRole('alert')
      await alert.waitFor()
      expect(await alert.textContent()).toContain(bad.says)
      await alert.getByRole('button').click()
      await expect(page.getByText('kodim03.png · 768×512').count()).resolves.toBe(1)
      expect(await canvasPixel(page, view.x + 100, view.y + 100)).toEqual(before)
    }
  })

  it('speaks Chinese when switched, including its error messages', async () => {
    await page.getByRole('button', { name: 'Help' }).click()
    await page.locator('[data-action="help.language"]').click()
    await page.getByRole('button', { name: '文件' }).waitFor()
    await page.getByText('打开一张照片开始编辑').waitFor()
    await openThroughMenu(page, { name: 'empty.png', mimeType: 'image/png', buffer: emptyFile() })
    expect(await page.getByRole('alert').textContent()).toContain('文件是空的')
    await page.getByRole('button', { name: 'Help' }).or(page.getByRole('button', { name: '帮助' })).click()
    await page.locator('[data-action="help.language"]').click()
    await page.getByRole('button', { name: 'File' }).waitFor()
  })
})
