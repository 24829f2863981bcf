import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { magicWand } from '../../src-renderer/editor/selection/coverage'
import { kodakRgba } from '../fixtures/images'
import { waitForDrag } from './dragPage'
import { canvasView, exportedPixels, historyOperations, showKodakAtActualPixels } from './page'
import { openEditor, type EditorSession } from './webApp'

const WIDTH = 768
const HEIGHT = 512
const RED = [229, 83, 75]

/** Issue 14, item 13: the wand's "sample all layers", and marching ants around a selection. */
describe('magic wand over all layers and marching ants on a Kodak photo (web mode, Chromium)', () => {
  let session: EditorSession
  let page: Page
  let original: Buffer
  let versions = 1

  beforeAll(async () => {
    original = await kodakRgba(3)
    session = await openEditor()
    page = session.page
    await showKodakAtActualPixels(page, 3)
    await page.getByRole('button', { name: 'New', exact: true }).click()
    await historyOperations(page, ++versions)
  })
  afterAll(() => session?.close())

  const at = (rgba: Buffer, x: number, y: number) => [...rgba.subarray((y * WIDTH + x) * 4, (y * WIDTH + x) * 4 + 3)]
  async function screen(x: number, y: number): Promise<[number, number]> {
    const view = await canvasView(page)
    const box = (await page.getByTestId('canvas').boundingBox())!
    return [box.x + view.x + x * view.zoom, box.y + view.y + y * view.zoom]
  }

  it('on an empty layer, samples the photo below when "Sample all layers" is on, exactly as the wand algorithm does', async () => {
    const seed = { x: 600, y: 60 }
    await page.keyboard.press('w')
    await page.getByLabel('Sample all layers').check()
    await page.mouse.click(...(await screen(seed.x, seed.y)))
    // Filled on the empty layer above: what the wand found in the photo turns red, the rest shows the photo.
    await page.keyboard.press('g')
    await page.mouse.click(...(await screen(10, 10)))
    await historyOperations(page, ++versions)
    const pixels = await exportedPixels(page)
    const expected = magicWand(Uint8ClampedArray.from(original), WIDTH, HEIGHT, seed, 32, true)
    let disagreements = 0
    for (let i = 0; i < WIDTH * HEIGHT; i++) {
      const filled = at(pixels, i % WIDTH, Math.floor(i / WIDTH)).every((v, c) => v === RED[c])
      if (filled !== (expected.alpha[i] === 255)) disagreements++
    }
    expect(expected.alpha.filter((a) => a === 255).length).toBeGreaterThan(1000)
    expect(expected.alpha.filter((a) => a === 0).length).toBeGreaterThan(100_000)
    expect(disagreements).toBe(0)
    await page.keyboard.press('Control+d')
  })

  it('samples the active layer alone with the option off: the empty layer is one region', async () => {
    await page.keyboard.press('Control+z')
    await page.locator('[data-testid=history] li.head .operation', { hasText: 'New layer' }).waitFor()
    await page.getByTestId('status').filter({ hasText: 'Ready' }).waitFor()
    await page.keyboard.press('w')
    await page.getByLabel('Sample all layers').uncheck()
    await page.mouse.click(...(await screen(600, 60)))
    await page.keyboard.press('g')
    await page.mouse.click(...(await screen(10, 10)))
    await historyOperations(page, versions)
    const pixels = await exportedPixels(page)
    for (const [x, y] of [[600, 60], [300, 300], [700, 480]]) expect(at(pixels, x!, y!)).toEqual(RED)
    await page.keyboard.press('Control+d')
  })

  it('outlines a selection with marching ants that crawl, the selected area still tinted', async () => {
    await page.keyboard.press('m')
    await page.mouse.move(...(await screen(100, 100)))
    await page.mouse.down()
    await page.mouse.move(...(await screen(300, 250)), { steps: 5 })
    await page.mouse.up()
    await expect.poll(() => page.getByTestId('canvas').getAttribute('data-selection')).toBe('some')
    const [left, top] = await screen(150, 100)
    const edge = { x: left, y: top - 2, width: 100, height: 5 }
    const first = await page.screenshot({ clip: edge })
    await page.waitForTimeout(250)
    const later = await page.screenshot({ clip: edge })
    expect(first.equals(later)).toBe(false)
    const [inLeft, inTop] = await screen(150, 150)
    const inside = { x: inLeft, y: inTop, width: 50, height: 50 }
    expect((await page.screenshot({ clip: inside })).equals(await page.screenshot({ clip: inside }))).toBe(true)
    const [zoomLeft, zoomTop] = await screen(60, 60)
    await page.screenshot({ path: '/tmp/shots/ants.png', clip: { x: zoomLeft, y: zoomTop, width: 300, height: 240 } })
  })

  it('keeps the ants crawling over the drag tool\'s preview, which covers the stage', async () => {
    await page.keyboard.press('d')
    await page.mouse.move(...(await screen(200, 180)))
    await page.mouse.down()
    await page.mouse.move(...(await screen(210, 185)), { steps: 4 })
    await page.mouse.up()
    await waitForDrag(page, (d) => d.pairs.length === 1 && d.previewed)
    const [left, top] = await screen(150, 250)
    const edge = { x: left, y: top - 2, width: 100, height: 5 }
    const first = await page.screenshot({ clip: edge })
    await page.waitForTimeout(250)
    expect(first.equals(await page.screenshot({ clip: edge }))).toBe(false)
    await page.keyboard.press('Escape')
  })
})
