import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { kodakPath } from '../fixtures/evalSet'
import { canvasPixel, canvasView, openThroughMenu } from './page'
import { launchChromium, startWebApp, type WebApp } from './webApp'

const kodim = (n: string) => kodakPath(Number(n))

describe('opening a photo in web mode', () => {
  let app: WebApp
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    app = await startWebApp()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1200, height: 800 } })
    await page.goto(app.url)
    await page.getByText('Open a photo to start').waitFor()
  })

  it('shows the photo fitted to the window, then pixel for pixel at 100%', async () => {
    const { data, info } = await sharp(kodim('03')).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    await openThroughMenu(page, kodim('03'))
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
})
