import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { magicWand } from '../../src-renderer/editor/selection/coverage'
import { kodakRgba } from '../fixtures/images'
import { canvasView, drawStroke, historyOperations, exportedPixels, showKodakAtActualPixels } from './page'
import { openEditor, type EditorSession } from './webApp'

const RED = [229, 83, 75]
const WIDTH = 768

describe('layers, blend modes and selections on a Kodak photo (web mode, Chromium)', () => {
  let session: EditorSession
  let page: Page
  let original: Buffer
  const at = (rgba: Buffer, x: number, y: number) => [...rgba.subarray((y * WIDTH + x) * 4, (y * WIDTH + x) * 4 + 3)]

  beforeAll(async () => {
    original = await kodakRgba(3)
    session = await openEditor()
    page = session.page
    await showKodakAtActualPixels(page, 3)
  })
  afterAll(() => session?.close())

  const settled = () => page.getByTestId('status').filter({ hasText: 'Ready' }).waitFor()
  const layerNames = () => page.getByTestId('layers').locator('li .layer-name').allTextContents()
  const exported = () => exportedPixels(page)
  /** Drags a selection tool from one document point to another, with modifier keys held. */
  async function dragSelection(from: [number, number], to: [number, number], modifiers: string[] = []) {
    const view = await canvasView(page)
    const box = (await page.getByTestId('canvas').boundingBox())!
    const screen = ([x, y]: [number, number]) => [box.x + view.x + x * view.zoom, box.y + view.y + y * view.zoom] as const
    await page.mouse.move(...screen(from))
    for (const key of modifiers) await page.keyboard.down(key)
    await page.mouse.down()
    await page.mouse.move(...screen(to), { steps: 5 })
    await page.mouse.up()
    for (const key of modifiers) await page.keyboard.up(key)
  }

  it('paints on a new layer, blends it as the W3C formulas say, reorders it by dragging, and undoes', async () => {
    await page.getByRole('button', { name: 'New', exact: true }).click()
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=layers] li').length === 2)
    expect(await layerNames()).toEqual(['Layer 2', 'Background'])
    await page.keyboard.press('b')
    await drawStroke(page, [[100, 100], [300, 100]])
    await historyOperations(page, 3)

    const multiply = (b: number, s: number) => (b * s) / 255
    const screen = (b: number, s: number) => b + s - (b * s) / 255
    for (const [mode, formula] of [['multiply', multiply], ['screen', screen]] as const) {
      await page.getByLabel('Blend mode').selectOption(mode)
      await settled()
      const pixel = at(await exported(), 200, 100)
      const expected = at(original, 200, 100).map((b, c) => formula(b, RED[c]!))
      pixel.forEach((value, c) => expect(Math.abs(value - expected[c]!)).toBeLessThanOrEqual(1))
    }

    // Dragged below the opaque photo, the stroke disappears from the export; undo brings the order back.
    await page.locator('[data-layer="Layer 2"]').dragTo(page.locator('[data-layer="Background"]'))
    await page.waitForFunction(() => document.querySelector('[data-testid=layers] li .layer-name')?.textContent === 'Background')
    expect(at(await exported(), 200, 100)).toEqual(at(original, 200, 100))
    await page.keyboard.press('Control+z')
    await page.waitForFunction(() => document.querySelector('[data-testid=layers] li .layer-name')?.textContent === 'Layer 2')
    expect(at(await exported(), 200, 100)).not.toEqual(at(original, 200, 100))
  })

  it('paints only inside a selection made of two rectangles combined with Shift', async () => {
    await page.getByLabel('Blend mode').selectOption('normal')
    await settled()
    await page.keyboard.press('m')
    await dragSelection([50, 300], [150, 400])
    await dragSelection([300, 300], [400, 400], ['Shift'])
    await page.keyboard.press('b')
    await drawStroke(page, [[20, 350], [450, 350]])
    await historyOperations(page, 8)
    const pixels = await exported()
    expect(at(pixels, 100, 350)).toEqual(RED)
    expect(at(pixels, 350, 350)).toEqual(RED)
    expect(at(pixels, 225, 350)).toEqual(at(original, 225, 350))
    expect(at(pixels, 30, 350)).toEqual(at(original, 30, 350))
    await page.keyboard.press('Control+d')
  })

  it('selects with the magic wand on the photo exactly as the wand algorithm does, and fills the selection', async () => {
    await page.locator('[data-layer="Background"]').click()
    await page.keyboard.press('w')
    const seed = { x: 600, y: 60 }
    await dragSelection([seed.x, seed.y], [seed.x, seed.y])
    await page.locator('[data-layer="Layer 2"]').click()
    await page.keyboard.press('g')
    await dragSelection([10, 10], [10, 10])
    await historyOperations(page, 9)
    const pixels = await exported()

    const before = Uint8ClampedArray.from(original)
    const expected = magicWand(before, WIDTH, 512, seed, 32, true)
    let disagreements = 0
    for (let i = 0; i < WIDTH * 512; i++) {
      const filled = at(pixels, i % WIDTH, Math.floor(i / WIDTH)).every((v, c) => v === RED[c])
      const onStroke = Math.abs(Math.floor(i / WIDTH) - 100) <= 13 || Math.abs(Math.floor(i / WIDTH) - 350) <= 13
      if (!onStroke && filled !== (expected.alpha[i] === 255)) disagreements++
    }
    expect(expected.alpha.filter((a) => a === 255).length).toBeGreaterThan(1000)
    expect(disagreements).toBe(0)
  })
})
