import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kodakPath } from '../fixtures/evalSet'
import { canvasView, openThroughMenu, showKodakAtActualPixels } from './page'
import { openEditor, type EditorSession } from './webApp'

/** Issue 14, item 16: the wheel scrolls, Ctrl/Alt+wheel and pinch zoom smoothly, Fit never enlarges, pixels crisp above 100%. */
describe('wheel, zoom and pixels on a Kodak photo (web mode, Chromium)', () => {
  let session: EditorSession
  let page: Page

  beforeAll(async () => {
    session = await openEditor()
    page = session.page
    await showKodakAtActualPixels(page, 3)
  })
  afterAll(() => session?.close())

  const pointer = { x: 500, y: 400 }
  /** The document point under the pointer at the current view. */
  async function underPointer() {
    const view = await canvasView(page)
    const box = (await page.getByTestId('canvas').boundingBox())!
    return { x: (pointer.x - box.x - view.x) / view.zoom, y: (pointer.y - box.y - view.y) / view.zoom }
  }
  async function wheel(deltaY: number, deltaX = 0, key?: string) {
    const before = JSON.stringify(await canvasView(page))
    if (key) await page.keyboard.down(key)
    await page.mouse.wheel(deltaX, deltaY)
    if (key) await page.keyboard.up(key)
    await expect.poll(async () => JSON.stringify(await canvasView(page))).not.toBe(before)
    return canvasView(page)
  }

  it('scrolls with the plain wheel, sideways with Shift, without zooming', async () => {
    await page.mouse.move(pointer.x, pointer.y)
    const start = await canvasView(page)
    const down = await wheel(100)
    expect(down).toEqual({ ...start, y: start.y - 100 })
    const sideways = await wheel(100, 0, 'Shift')
    expect(sideways).toEqual({ ...down, x: down.x - 100 })
  })

  it('zooms with Ctrl+wheel smoothly about the pointer, a pinch in proportion to its delta, and with Alt+wheel', async () => {
    await page.keyboard.press('Control+1')
    await page.mouse.move(pointer.x, pointer.y)
    const anchor = await underPointer()
    // One mouse notch: a step, not the old jump from 100% to 272%.
    const notch = await wheel(-100, 0, 'Control')
    expect(notch.zoom).toBeGreaterThan(1.05)
    expect(notch.zoom).toBeLessThan(1.3)
    const kept = await underPointer()
    expect(Math.abs(kept.x - anchor.x)).toBeLessThan(0.5)
    expect(Math.abs(kept.y - anchor.y)).toBeLessThan(0.5)

    // A trackpad pinch: ctrlKey wheel events of a few pixels each, exp(−Σδ/100) in all.
    await page.keyboard.down('Control')
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -5)
    await page.keyboard.up('Control')
    await expect.poll(async () => (await canvasView(page)).zoom / notch.zoom, { timeout: 5_000 }).toBeCloseTo(Math.exp(0.5), 2)

    const alt = await wheel(100, 0, 'Alt')
    expect(alt.zoom).toBeLessThan(notch.zoom * Math.exp(0.5))
  })

  it('shows pixels crisp above 100%: each document pixel is a block of one colour', async () => {
    await page.keyboard.press('Control+1')
    await page.keyboard.press('Control+=')
    await page.keyboard.press('Control+=')
    await expect.poll(async () => (await canvasView(page)).zoom).toBe(4)
    await page.screenshot({ path: '/tmp/shots/zoom400.png', clip: { x: 300, y: 300, width: 400, height: 300 } })
    const view = await canvasView(page)
    const uniform = await page.evaluate(
      ({ view }) => {
        const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=canvas] canvas')!
        const context = canvas.getContext('2d')!
        let blocks = 0
        // Document pixels on the cap's stitching and the wall's grain, where neighbours differ; inside each 4×4
        // block the inner 2×2 screen pixels, clear of any sub-pixel offset of the view.
        for (let y = 60; y < 70; y++) {
          for (let x = 80; x < 90; x++) {
            const left = Math.floor(view.x + x * 4) + 1
            const top = Math.floor(view.y + y * 4) + 1
            const data = context.getImageData(left, top, 2, 2).data
            if ([4, 8, 12].every((i) => [0, 1, 2].every((c) => data[i + c] === data[c]))) blocks++
          }
        }
        return blocks
      },
      { view },
    )
    expect(uniform).toBe(100)
  })

  it('fits a small photo at 100%, never enlarged', async () => {
    const small = await sharp(kodakPath(3)).resize(256, 170).png().toBuffer()
    await openThroughMenu(page, { name: 'small.png', mimeType: 'image/png', buffer: small })
    await page.getByText('small.png · 256×170').waitFor()
    expect((await canvasView(page)).zoom).toBe(1)
    await page.keyboard.press('Control+=')
    await page.keyboard.press('Control+0')
    await expect.poll(async () => (await canvasView(page)).zoom).toBe(1)
  })
})
