import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kodakRgba } from '../fixtures/images'
import { canvasPatch } from './dragPage'
import { drawStroke, historyOperations, exportedPixels, showKodakAtActualPixels } from './page'
import { openEditor, type EditorSession } from './webApp'

const WIDTH = 768
const HANDLE = [300, 250] as const
const TARGET = [340, 250] as const
const PINS = [[80, 80], [690, 80], [80, 430], [690, 430]] as const
/** Mean absolute difference per channel a moved patch may keep from the original: resampling, not content. */
const RESAMPLING = 12

/** The RGB values of the 7×7 patch around (x, y) of an RGBA image `width` pixels wide. */
function patch(rgba: ArrayLike<number>, width: number, x: number, y: number): number[] {
  const values: number[] = []
  for (let row = y - 3; row <= y + 3; row++) for (let column = x - 3; column <= x + 3; column++) for (let c = 0; c < 3; c++) values.push(rgba[(row * width + column) * 4 + c]!)
  return values
}
const difference = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + Math.abs(value - b[i]!), 0) / a.length

describe('drag to deform a Kodak photo (web mode, Chromium)', () => {
  let session: EditorSession
  let page: Page
  let original: Buffer
  let warped: Buffer

  beforeAll(async () => {
    original = await kodakRgba(3)
    session = await openEditor()
    page = session.page
    await showKodakAtActualPixels(page, 3)
  })
  afterAll(() => session?.close())

  const exported = () => exportedPixels(page)
  const dragState = async () => JSON.parse((await page.getByTestId('canvas').getAttribute('data-drag'))!) as { pairs: unknown[]; pins: unknown[]; previewed: boolean }
  /** The pixels around each pin, which holds its place (MLS is exact at its control points). */
  const pinPatches = (rgba: Buffer) => PINS.map(([x, y]) => patch(rgba, WIDTH, x, y))

  it('previews a handle dragged to its target without touching the document, then applies it at full size', async () => {
    // The content around the handle differs from what lies under the target, so a match means it moved.
    expect(difference(patch(original, WIDTH, ...HANDLE), patch(original, WIDTH, ...TARGET))).toBeGreaterThan(3 * RESAMPLING)

    await page.keyboard.press('d')
    for (const pin of PINS) {
      await page.keyboard.down('Shift')
      await drawStroke(page, [[...pin]])
      await page.keyboard.up('Shift')
    }
    await drawStroke(page, [[...HANDLE], [...TARGET]])
    await page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid=canvas]')!.getAttribute('data-drag')!).previewed)
    expect(await dragState()).toMatchObject({ pairs: [{ handle: { x: HANDLE[0], y: HANDLE[1] }, target: { x: TARGET[0], y: TARGET[1] } }], pins: PINS.map(([x, y]) => ({ x, y })) })
    await page.waitForTimeout(200)
    // Beside the target, clear of the ring and arrow drawn on it.
    for (const dy of [-12, 12]) expect(difference(await canvasPatch(page, TARGET[0], TARGET[1] + dy), patch(original, WIDTH, HANDLE[0], HANDLE[1] + dy))).toBeLessThan(RESAMPLING)
    expect((await exported()).equals(original)).toBe(true)

    await page.getByRole('button', { name: 'Apply', exact: true }).click()
    expect(await historyOperations(page, 2)).toEqual(['Drag to deform', 'Open'])
    await page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid=canvas]')!.getAttribute('data-drag')!).pairs.length === 0)
    warped = await exported()
    expect(difference(patch(warped, WIDTH, ...TARGET), patch(original, WIDTH, ...HANDLE))).toBeLessThan(RESAMPLING)
    const pinned = pinPatches(original)
    pinPatches(warped).forEach((values, i) => expect(difference(values, pinned[i]!)).toBeLessThan(1))
  })

  it('undoes the warp, reopens its drag from the history on the version before it, and applies it again', async () => {
    await page.keyboard.press('Control+z')
    await page.locator('[data-testid=history] li.head .operation', { hasText: 'Open' }).waitFor()
    expect((await exported()).equals(original)).toBe(true)

    await page.keyboard.press('Control+Shift+Z')
    await page.locator('[data-testid=history] li.head .operation', { hasText: 'Drag to deform' }).waitFor()
    await page.locator('[data-testid=history] li', { hasText: 'Drag to deform' }).getByRole('button', { name: 'Reopen drag' }).click()
    await page.locator('[data-testid=history] li.head .operation', { hasText: 'Open' }).waitFor()
    await page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid=canvas]')!.getAttribute('data-drag')!).pairs.length === 1)
    expect(await dragState()).toMatchObject({ pairs: [{ handle: { x: HANDLE[0], y: HANDLE[1] }, target: { x: TARGET[0], y: TARGET[1] } }], pins: PINS.map(([x, y]) => ({ x, y })) })

    await page.keyboard.press('Enter')
    // Applied on the parent again: a second warp on a new branch, not a warp of the warp.
    expect(await historyOperations(page, 3)).toEqual(['Drag to deform', 'Drag to deform', 'Open'])
    await page.locator('[data-testid=history] li.head .operation', { hasText: 'Drag to deform' }).waitFor()
    expect((await exported()).equals(warped)).toBe(true)
  })
})
