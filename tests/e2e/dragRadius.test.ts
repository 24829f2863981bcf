import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kodakRgba } from '../fixtures/images'
import { WIDTH, canvasPatch, difference, dragState, patch, waitForDrag } from './dragPage'
import { canvasView, drawStroke, exportedPixels, historyOperations, showKodakAtActualPixels } from './page'
import { openEditor, type EditorSession } from './webApp'

const HANDLE = [300, 250] as const
const TARGET = [330, 262] as const

/** Issue 14, item 12: one handle and no pins moves content only within the drag's radius, not the whole photo. */
describe('drag to deform within a radius on a Kodak photo (web mode, Chromium)', () => {
  let session: EditorSession
  let page: Page
  let original: Buffer

  beforeAll(async () => {
    original = await kodakRgba(3)
    session = await openEditor()
    page = session.page
    await showKodakAtActualPixels(page, 3)
  })
  afterAll(() => session?.close())

  const radius = async () => (await dragState(page) as unknown as { radius: number }).radius

  it('shows the radius as a circle that [ and ] resize', async () => {
    await page.keyboard.press('d')
    const view = await canvasView(page)
    const box = (await page.getByTestId('canvas').boundingBox())!
    await page.mouse.move(box.x + view.x + HANDLE[0], box.y + view.y + HANDLE[1])
    const start = await radius()
    await page.keyboard.press(']')
    await expect.poll(radius).toBe(Math.round(start * 1.25))
    await page.keyboard.press('[')
    await page.keyboard.press('[')
    await expect.poll(radius).toBe(Math.round(Math.round(start * 1.25) / 1.25 / 1.25))
    await page.keyboard.press(']')
    await expect.poll(radius).toBeGreaterThan(100)
    await page.getByLabel('Radius').fill('120')
    await page.keyboard.press('Escape')
    await expect.poll(radius).toBe(120)
    // The circle: its edge is drawn over the photo 120 px right of the pointer, not at the pointer.
    const edge = [HANDLE[0] + 120, HANDLE[1]] as const
    expect(difference(await canvasPatch(page, ...edge, 2), patch(original, WIDTH, ...edge, 2))).toBeGreaterThan(10)
    await page.screenshot({ path: '/tmp/shots/radius.png' })
    // The circle follows the pointer off the canvas: gone.
    await page.mouse.move(5, 400)
    await expect.poll(async () => difference(await canvasPatch(page, ...edge, 2), patch(original, WIDTH, ...edge, 2))).toBeLessThan(1)
  })

  it('previews and applies a one-handle drag that moves only what lies within the radius', async () => {
    await drawStroke(page, [[...HANDLE], [...TARGET]])
    await waitForDrag(page, (d) => d.pairs.length === 1 && d.previewed)
    await page.screenshot({ path: '/tmp/shots/radiusDrag.png' })
    // Far from the handle the preview shows the photo where it was.
    for (const [x, y] of [[600, 100], [100, 420], [700, 450]]) expect(difference(await canvasPatch(page, x!, y!), patch(original, WIDTH, x!, y!))).toBeLessThan(1)
    // Beside the target (clear of its ring), the content from beside the handle (near it the drag moves nearly all
    // the way: within a pixel), not what was there.
    for (const dy of [-12, 12]) {
      const shown = await canvasPatch(page, TARGET[0], TARGET[1] + dy)
      const moved = difference(shown, patch(original, WIDTH, HANDLE[0], HANDLE[1] + dy))
      expect(moved).toBeLessThan(20)
      expect(moved).toBeLessThan(difference(shown, patch(original, WIDTH, TARGET[0], TARGET[1] + dy)) / 2)
    }

    await page.keyboard.press('Enter')
    expect(await historyOperations(page, 2)).toEqual(['Drag to deform', 'Open'])
    const warped = await exportedPixels(page)
    let changedOutside = 0
    let changedInside = 0
    for (let i = 0; i < WIDTH * 512; i++) {
      const distance = Math.hypot((i % WIDTH) + 0.5 - HANDLE[0], Math.floor(i / WIDTH) + 0.5 - HANDLE[1])
      const same = warped.readUInt32LE(i * 4) === original.readUInt32LE(i * 4)
      if (!same && distance > 121) changedOutside++
      if (!same && distance <= 120) changedInside++
    }
    expect(changedOutside).toBe(0)
    expect(changedInside).toBeGreaterThan(10_000)
  })
})
