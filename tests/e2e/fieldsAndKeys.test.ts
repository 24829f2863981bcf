import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drawStroke, historyOperations, showKodakAtActualPixels } from './page'
import { openEditor, type EditorSession } from './webApp'

/** Issue 14, items 8 and 9: keys in text fields belong to the field; a property edit is one version. */
describe('text fields and property edits on a Kodak photo (web mode, Chromium)', () => {
  let session: EditorSession
  let page: Page
  let versions = 1

  beforeAll(async () => {
    session = await openEditor()
    page = session.page
    await showKodakAtActualPixels(page, 3)
    await page.keyboard.press('b')
    await drawStroke(page, [[100, 100], [300, 120]])
    await historyOperations(page, ++versions)
  })
  afterAll(() => session?.close())

  const selection = () => page.getByTestId('canvas').getAttribute('data-selection')
  const head = () => page.locator('[data-testid=history] li.head .operation').textContent()
  const opacity = () => page.getByLabel('Opacity', { exact: true })
  const focused = () => page.evaluate(() => document.activeElement?.tagName)

  it('Ctrl+A in the prompt box selects its text, Ctrl+Z undoes the typing, and neither touches the document', async () => {
    const prompt = page.getByLabel('Instruction')
    await prompt.click()
    await page.keyboard.type('remove the bin')
    await page.keyboard.press('Control+a')
    await page.keyboard.type('blue sofa')
    expect(await prompt.inputValue()).toBe('blue sofa')
    expect(await selection()).toBe('none')

    await page.keyboard.press('Control+z')
    expect(await prompt.inputValue()).not.toBe('blue sofa')
    // The document was not undone: the stroke is still the head, and no tool key acted on the way.
    await page.waitForTimeout(300)
    expect(await head()).toBe('Brush stroke')
    expect(await historyOperations(page, versions)).toHaveLength(versions)

    // Escape leaves the field; then Ctrl+A is the canvas's again.
    await page.keyboard.press('Escape')
    expect(await focused()).toBe('BODY')
    await page.keyboard.press('Control+a')
    await expect.poll(selection).toBe('some')
    await page.keyboard.press('Control+d')
    await expect.poll(selection).toBe('none')
  })

  it('selecting the Opacity text and typing sets it, as one version when Enter leaves the field', async () => {
    await opacity().click()
    await page.keyboard.press('Control+a')
    await page.keyboard.type('50')
    expect(await selection()).toBe('none')
    // Nothing is a version while the field is being typed in.
    await page.waitForTimeout(500)
    expect(await historyOperations(page, versions)).toHaveLength(versions)
    await page.keyboard.press('Enter')
    expect((await historyOperations(page, ++versions))[0]).toBe('Layer properties')
    await expect.poll(() => opacity().inputValue()).toBe('50')
    await page.screenshot({ path: '/tmp/shots/opacity50.png' })
  })

  it('spinner steps are one version when the field is left, and a slider drag is one version when released', async () => {
    await opacity().focus()
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown')
    await page.waitForTimeout(500)
    expect(await historyOperations(page, versions)).toHaveLength(versions)
    await page.keyboard.press('Tab')
    expect((await historyOperations(page, ++versions))[0]).toBe('Layer properties')
    await expect.poll(() => opacity().inputValue()).toBe('45')

    const slider = (await page.getByLabel('Opacity slider').boundingBox())!
    await page.mouse.move(slider.x + slider.width * 0.45, slider.y + slider.height / 2)
    await page.mouse.down()
    for (const share of [0.55, 0.65, 0.75]) await page.mouse.move(slider.x + slider.width * share, slider.y + slider.height / 2, { steps: 3 })
    await page.waitForTimeout(300)
    expect(await historyOperations(page, versions)).toHaveLength(versions)
    await page.mouse.up()
    expect((await historyOperations(page, ++versions))[0]).toBe('Layer properties')
    const percent = Number(await opacity().inputValue())
    expect(percent).toBeGreaterThan(55)
    expect(percent).toBeLessThan(95)
  })
})
