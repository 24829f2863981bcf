import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kodakRgba } from '../fixtures/images'
import { canvasView, exportedPixels, historyOperations, showKodakAtActualPixels } from './page'
import { openEditor, type EditorSession } from './webApp'

const WIDTH = 768
const HEIGHT = 512
const RED = [229, 83, 75]

describe('free transform, polygonal lasso and crop on a Kodak photo (web mode, Chromium)', () => {
  let session: EditorSession
  let page: Page
  let original: Buffer
  let versions = 1

  beforeAll(async () => {
    original = await kodakRgba(3)
    session = await openEditor()
    page = session.page
    await showKodakAtActualPixels(page, 3)
    // A copy of the photo above it: transforming the copy shows against the untouched photo.
    await page.keyboard.press('Control+j')
    await historyOperations(page, ++versions)
  })
  afterAll(() => session?.close())

  const pixel = (rgba: Buffer, width: number, x: number, y: number) => [...rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 3)]
  /** The screen point over a document point at the current view. */
  async function screen([x, y]: [number, number]): Promise<[number, number]> {
    const view = await canvasView(page)
    const box = (await page.getByTestId('canvas').boundingBox())!
    return [box.x + view.x + x * view.zoom, box.y + view.y + y * view.zoom]
  }
  async function drag(from: [number, number], to: [number, number], modifiers: string[] = []) {
    await page.mouse.move(...(await screen(from)))
    for (const key of modifiers) await page.keyboard.down(key)
    await page.mouse.down()
    await page.mouse.move(...(await screen(to)), { steps: 8 })
    await page.mouse.up()
    for (const key of modifiers) await page.keyboard.up(key)
  }
  async function click(at: [number, number], count = 1) {
    await page.mouse.click(...(await screen(at)), { clickCount: count })
  }
  async function undo() {
    await page.keyboard.press('Control+z')
    await page.getByTestId('status').filter({ hasText: 'Ready' }).waitFor()
  }

  it('refuses to transform a locked layer with a message, and changes nothing', async () => {
    await page.getByRole('button', { name: 'Lock layer' }).first().click()
    await historyOperations(page, ++versions)
    await page.keyboard.press('Control+t')
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('is locked')
    await page.getByRole('button', { name: 'Dismiss' }).click()
    await page.getByRole('button', { name: 'Unlock layer' }).first().click()
    expect(await historyOperations(page, ++versions)).toHaveLength(versions)
  })

  it('scales the layer by its corner with Shift, resampled at full resolution as one version, and undoes', async () => {
    await page.keyboard.press('Control+t')
    // The bottom-right handle to three quarters, the top-left corner held still.
    await drag([WIDTH, HEIGHT], [576, 384], ['Shift'])
    await page.keyboard.press('Enter')
    expect((await historyOperations(page, ++versions))[0]).toBe('Free transform')
    const scaled = await exportedPixels(page)
    const expected = await sharp(original, { raw: { width: WIDTH, height: HEIGHT, channels: 4 } }).resize(576, 384, { kernel: 'cubic' }).raw().toBuffer()
    let difference = 0
    let counted = 0
    for (let y = 4; y < 380; y += 2) {
      for (let x = 4; x < 572; x += 2) {
        const got = pixel(scaled, WIDTH, x, y)
        pixel(expected, 576, x, y).forEach((value, c) => (difference += Math.abs(value - got[c]!)))
        counted += 3
      }
    }
    // Resampling filters differ a little; an unscaled or misplaced layer differs by tens of levels.
    expect(difference / counted).toBeLessThan(4)
    expect(pixel(scaled, WIDTH, 700, 450)).toEqual(pixel(original, WIDTH, 700, 450))
    await undo()
    expect((await exportedPixels(page)).equals(original)).toBe(true)
  })

  it('rotates the layer by 90° in 15° steps with Shift, exactly, and undoes', async () => {
    await page.keyboard.press('Control+t')
    // From right of the box to above its centre: a quarter turn anticlockwise about (384, 256).
    await page.mouse.move(...(await screen([834, 256])))
    await page.keyboard.down('Shift')
    await page.mouse.down()
    for (const angle of [15, 40, 65, 89]) {
      const a = (-angle * Math.PI) / 180
      await page.mouse.move(...(await screen([384 + 450 * Math.cos(a), 256 + 350 * Math.sin(a)])))
    }
    await page.mouse.up()
    await page.keyboard.up('Shift')
    await page.keyboard.press('Enter')
    expect((await historyOperations(page, ++versions))[0]).toBe('Free transform')
    const rotated = await exportedPixels(page)
    let wrong = 0
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        // Turned a quarter anticlockwise about (384, 256): document pixel (x, y) shows the photo's (639 − y, x − 128).
        const inside = x >= 128 && x < 640
        const want = inside ? pixel(original, WIDTH, 639 - y, x - 128) : pixel(original, WIDTH, x, y)
        if (pixel(rotated, WIDTH, x, y).some((value, c) => Math.abs(value - want[c]!) > 1)) wrong++
      }
    }
    expect(wrong).toBe(0)
    await undo()
    expect((await exportedPixels(page)).equals(original)).toBe(true)
  })

  it('selects with the polygonal lasso: Backspace takes back a point, Escape abandons, Enter closes', async () => {
    await page.keyboard.press('Shift+l')
    await click([100, 100])
    await click([300, 300])
    await page.keyboard.press('Escape')
    // A triangle: the fourth point taken back, closed with Enter.
    for (const point of [[100, 100], [400, 100], [100, 400], [40, 250]] as [number, number][]) await click(point)
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Enter')
    // A second triangle added with Shift, closed with a double-click.
    await page.keyboard.down('Shift')
    await click([500, 100])
    await click([700, 100])
    await click([700, 300], 2)
    await page.keyboard.up('Shift')
    await page.keyboard.press('g')
    await click([150, 150])
    await historyOperations(page, ++versions)
    const filled = await exportedPixels(page)
    expect(pixel(filled, WIDTH, 150, 150)).toEqual(RED)
    expect(pixel(filled, WIDTH, 650, 150)).toEqual(RED)
    // Outside both: beyond the first triangle's long edge, where the taken-back point would have reached, and
    // beyond the second's.
    for (const [x, y] of [[300, 300], [70, 250], [520, 250]]) expect(pixel(filled, WIDTH, x!, y!)).toEqual(pixel(original, WIDTH, x!, y!))
    await page.keyboard.press('Control+d')
    await undo()
  })

  it('crops to a dragged and adjusted rectangle, every layer shifted, and undo restores the size', async () => {
    await page.keyboard.press('c')
    await drag([100, 50], [500, 350])
    // The right edge's handle, from x 500 to 600.
    await drag([500, 200], [600, 200])
    await page.keyboard.press('Enter')
    await page.getByText('kodim03.png · 500×300').waitFor()
    expect((await historyOperations(page, ++versions))[0]).toBe('Crop')
    const cropped = await exportedPixels(page)
    expect(cropped.length).toBe(500 * 300 * 4)
    for (const [x, y] of [[0, 0], [250, 150], [499, 299]]) expect(pixel(cropped, 500, x!, y!)).toEqual(pixel(original, WIDTH, x! + 100, y! + 50))
    await undo()
    await page.getByText('kodim03.png · 768×512').waitFor()
    expect((await exportedPixels(page)).equals(original)).toBe(true)
  })
})
