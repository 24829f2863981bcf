import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeFrame } from '../../src-shared/contract/wire'
import { kodakPath } from '../fixtures/evalSet'
import { canvasPixel, canvasView, documentPixel, openThroughMenu } from './page'
import { launchChromium, startWebApp, type WebApp } from './webApp'

const WIDTH = 6000
const HEIGHT = 4000
/** Flat patches of Kodak 03 at 6000×4000: the yellow cap, the orange one, the shadow under the caps. */
const patches = [
  [1477, 1313],
  [3516, 2031],
  [781, 3516],
] as const

/**
 * Issue 15 item 2: an opened photo shows at once from its preview, before main has stored it. Told from what the
 * page sends over its WebSocket: the canvas shows the photo's colours while the page has not asked for one tile
 * (it asks only once layers.tileGrid answers, which waits for the store), and the full-size tiles then replace it.
 */
describe('a photo shows from its preview before it is stored (web mode, Chromium)', () => {
  let app: WebApp
  let browser: Browser
  let page: Page
  const sent: string[] = []

  beforeAll(async () => {
    app = await startWebApp()
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1200, height: 800 } })
    page.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => {
        const frame = typeof payload === 'string' ? new TextEncoder().encode(payload) : new Uint8Array(payload)
        sent.push((decodeFrame(frame) as { method: string }).method)
      }),
    )
    await page.goto(app.url)
    await page.getByText('Open a photo to start').waitFor()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  it('a 6000×4000 JPEG is drawn from its preview before any tile is fetched, then from its tiles', async () => {
    const jpeg = await sharp(kodakPath(3)).resize(WIDTH, HEIGHT, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer()
    const { data } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true })
    const expected = patches.map(([x, y]) => meanAround(data, x, y))
    await openThroughMenu(page, { name: 'caps.jpg', mimeType: 'image/jpeg', buffer: jpeg })

    // The first moment the canvas shows the photo, and what the page had sent by then.
    const shown = await pollUntil(async () => {
      const seen = await Promise.all(patches.map(([x, y]) => documentPixel(page, x, y)))
      return seen.every((pixel, i) => close(pixel, expected[i]!, 24)) ? { sentBefore: [...sent], status: await page.getByTestId('status').textContent() } : undefined
    })
    expect(shown.sentBefore).toContain('layers.tileGrid')
    expect(shown.sentBefore).not.toContain('tiles.read')
    expect(shown.status).toBe('Storing the photo at full size…')

    await page.getByTestId('status').filter({ hasText: 'Ready' }).waitFor({ timeout: 120_000 })
    expect(sent).toContain('tiles.read')
    // At 100% the canvas is the stored pixels themselves, which the stretched preview is not.
    await page.keyboard.press('Control+1')
    const view = await canvasView(page)
    const box = (await page.getByTestId('canvas').boundingBox())!
    const [x, y] = [Math.round(box.width / 2), Math.round(box.height / 2)]
    const [docX, docY] = [Math.floor((x - view.x) / view.zoom), Math.floor((y - view.y) / view.zoom)]
    const i = (docY * WIDTH + docX) * 3
    const stored = [data[i], data[i + 1], data[i + 2], 255]
    // The composite at 100% may be built a frame after the view moves there.
    await pollUntil(async () => (JSON.stringify(await canvasPixel(page, x, y)) === JSON.stringify(stored) ? true : undefined))
  }, 180_000)
})

/** The mean colour of the 121×121 pixels around (x, y). */
function meanAround(rgb: Buffer, x: number, y: number): number[] {
  const sum = [0, 0, 0]
  for (let dy = -60; dy <= 60; dy++) for (let dx = -60; dx <= 60; dx++) for (let c = 0; c < 3; c++) sum[c]! += rgb[((y + dy) * WIDTH + x + dx) * 3 + c]!
  return sum.map((total) => total / 121 ** 2)
}

const close = (pixel: number[], colour: number[], tolerance: number) => colour.every((value, c) => Math.abs(pixel[c]! - value) <= tolerance)

/** Answers the first value `probe` gives, trying as fast as the page answers; fails after 60 s. */
async function pollUntil<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const start = Date.now()
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() - start > 60_000) throw new Error('The canvas never showed what was expected')
  }
}
