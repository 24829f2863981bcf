import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { documentPixel, drawStroke, exportedPixels, historyOperations, showKodakAtActualPixels } from './page'
import { openEditor, type EditorSession } from './webApp'

const WIDTH = 768
/** On the blue cap of kodim03, where the mask is painted. */
const CAP: [number, number] = [640, 440]

/** Issue 14, items 10 and 11: the eye only hides; Remove refuses a hidden or empty layer, and shows its result unmasked. */
describe('layer visibility and Remove on a Kodak photo (web mode, Chromium)', () => {
  let session: EditorSession
  let page: Page
  let versions = 1

  beforeAll(async () => {
    session = await openEditor()
    page = session.page
    await showKodakAtActualPixels(page, 3)
    await page.getByRole('button', { name: 'New', exact: true }).click()
    await historyOperations(page, ++versions)
  })
  afterAll(() => session?.close())

  const active = () => page.locator('[data-testid=layers] li.active').getAttribute('data-layer')
  const row = (name: string) => page.locator(`[data-layer="${name}"]`)
  const alert = () => page.getByRole('alert').textContent()
  const distance = (a: number[], b: number[]) => Math.max(...[0, 1, 2].map((c) => Math.abs(a[c]! - b[c]!)))

  it('hides a layer with its eye without making it the active layer', async () => {
    await row('Background').locator('.layer-name').click()
    expect(await active()).toBe('Background')
    await row('Layer 2').getByRole('button', { name: 'Hide layer' }).click()
    expect((await historyOperations(page, ++versions))[0]).toBe('Layer properties')
    await row('Layer 2').getByRole('button', { name: 'Show layer' }).waitFor()
    expect(await active()).toBe('Background')
  })

  it('after Remove hides the mask so the result shows as it is, says which layer was filled, and Shift+Q shows the mask again', async () => {
    await row('Background').locator('.layer-name').click()
    await page.keyboard.press('q')
    await page.locator('.optionsbar input[type=range]').first().fill('60')
    await drawStroke(page, [[600, 430], [640, 440], [680, 460]])
    versions += 2
    await historyOperations(page, versions)
    const tinted = await documentPixel(page, ...CAP)

    await page.keyboard.press('Shift+Backspace')
    expect((await historyOperations(page, ++versions))[0]).toBe('Remove object')
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Removed from “Background”')
    await expect.poll(() => page.getByTestId('canvas').getAttribute('data-mask-shown')).toBe('false')
    await page.screenshot({ path: '/tmp/shots/removed.png' })
    const exported = await exportedPixels(page)
    const result = [...exported.subarray((CAP[1] * WIDTH + CAP[0]) * 4, (CAP[1] * WIDTH + CAP[0]) * 4 + 3)]
    // The canvas shows the filled pixels themselves, with no pink over them.
    await expect.poll(async () => distance(await documentPixel(page, ...CAP), result)).toBeLessThanOrEqual(2)
    expect(distance(tinted, result)).toBeGreaterThan(20)

    await page.keyboard.press('Shift+q')
    await expect.poll(async () => distance(await documentPixel(page, ...CAP), result)).toBeGreaterThan(20)
    await page.keyboard.press('Shift+q')
    await expect.poll(async () => distance(await documentPixel(page, ...CAP), result)).toBeLessThanOrEqual(2)
  })

  it('refuses Remove on a hidden layer and on an empty one, naming it, and records nothing', async () => {
    await row('Layer 2').locator('.layer-name').click()
    expect(await active()).toBe('Layer 2')
    await page.keyboard.press('Shift+Backspace')
    await expect.poll(alert).toContain('“Layer 2” is hidden')
    await page.getByRole('button', { name: 'Dismiss' }).click()

    await row('Layer 2').getByRole('button', { name: 'Show layer' }).click()
    await historyOperations(page, ++versions)
    expect(await active()).toBe('Layer 2')
    await page.keyboard.press('Shift+Backspace')
    await expect.poll(alert).toContain('“Layer 2” is empty')
    await page.waitForTimeout(500)
    expect((await historyOperations(page, versions))[0]).toBe('Layer properties')
  })
})
