/**
 * The batch panel, as a user drives it in web mode: a recipe recorded from one photo's history (content-aware remove
 * of a fixed corner box, pad to square, two output sizes), saved and loaded again as a file, run over the 12 Kodak
 * photos and a corrupt file copied into a temporary folder; cancelled in the middle, resumed after the app restarts,
 * completing only the rest; 24 outputs of the right sizes, the corrupt one failed with its error in the interface's
 * language, a result opened as a project, the originals byte-identical.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashFolder } from '../integration/batch/batchHarness'
import { kodakPath } from '../fixtures/evalSet'
import { drawStroke, historyOperations, showKodakAtActualPixels } from './page'
import { launchChromium, startWebApp, type WebApp } from './webApp'
import type { Browser } from 'playwright-core'

const screenshots = process.env.BATCH_SCREENSHOTS

describe('the batch panel (web mode, Chromium, content-aware fill, no model installed)', () => {
  let browser: Browser
  let app: WebApp
  let page: Page
  const work = mkdtempSync(join(tmpdir(), 'batch-e2e-'))
  const photos = join(work, 'photos')
  const outDir = join(work, 'out')
  let originals: Record<string, string>

  beforeAll(async () => {
    mkdirSync(photos)
    for (let i = 1; i <= 12; i++) copyFileSync(kodakPath(i), join(photos, `kodim${String(i).padStart(2, '0')}.png`))
    // A PNG cut short after its header, as a half-copied file is.
    writeFileSync(join(photos, 'broken.png'), readFileSync(kodakPath(2)).subarray(0, 2000))
    originals = hashFolder(photos)
    browser = await launchChromium()
    app = await startWebApp()
    page = await browser.newPage({ viewport: { width: 1500, height: 950 }, acceptDownloads: true })
    await page.goto(app.url)
    await page.getByText('Open a photo to start').waitFor()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  const dialog = () => page.getByRole('dialog', { name: 'Batch: one recipe over many photos' })
  const batchRow = () => page.getByTestId('batches').locator('li').first()
  const itemRow = (name: string) => page.getByTestId('batch-items').locator(`tr[data-item="${name}"]`)
  const statuses = () => page.getByTestId('batch-items').locator('tbody tr').evaluateAll((rows) => Object.fromEntries(rows.map((row) => [row.getAttribute('data-item'), row.getAttribute('data-status')])))

  it('records a recipe from the history: the corner removal and the pad to square, with two outputs', async () => {
    await showKodakAtActualPixels(page, 1)
    await page.keyboard.press('m')
    await drawStroke(page, [[668, 12], [700, 30], [756, 52]])
    await page.getByRole('button', { name: 'Remove', exact: true }).click()
    await historyOperations(page, 2)
    await page.locator('.menu-title', { hasText: 'Layer' }).click()
    await page.getByRole('menuitem', { name: 'Pad canvas to square' }).click()
    await page.getByText('kodim01.png · 768×768').waitFor()
    expect(await historyOperations(page, 3)).toEqual(['Canvas size', 'Remove object', 'Open'])

    await page.getByRole('button', { name: 'Recipe…' }).click()
    await dialog().waitFor()
    await page.getByTestId('recipe-name').fill('corner watermark, square')
    const first = page.locator('tr[data-output="0"]')
    await first.getByLabel('Width').fill('800')
    await first.getByLabel('Height').fill('800')
    await page.getByTestId('output-add').click()
    const second = page.locator('tr[data-output="1"]')
    await second.getByLabel('Width').fill('300')
    await second.getByLabel('Height').fill('300')
    await second.getByLabel('Format').selectOption('png')
    await second.getByLabel('Transparent').check()
    await page.getByTestId('recipe-record').click()
    await expect.poll(() => page.getByTestId('recipe-steps').locator('li').allTextContents()).toEqual(['Remove object (as fractions of the photo)', 'Pad to aspect ratio'])
  })

  it('saves the recipe as a file and loads it back', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('recipe-save').click()])
    expect(download.suggestedFilename()).toBe('corner watermark, square.recipe.json')
    const saved = join(work, 'recipe.json')
    await download.saveAs(saved)
    const recipe = JSON.parse(readFileSync(saved, 'utf8'))
    expect(recipe).toMatchObject({ format: 'z-image-editor/recipe', version: 1, name: 'corner watermark, square' })
    expect(recipe.steps.map((step: { op: string }) => step.op)).toEqual(['remove', 'padToAspect'])
    expect(recipe.steps[0].mask.rect.x).toBeCloseTo(668 / 768, 2)
    expect(recipe.outputs.map((o: { width: number; height: number; format: string; background: string }) => [o.width, o.height, o.format, o.background])).toEqual([
      [800, 800, 'jpeg', '#ffffff'],
      [300, 300, 'png', '#ffffff00'],
    ])

    // A file that is not a recipe is refused with its reason, in words; a good one replaces the outputs.
    await page.getByTestId('recipe-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"nope"}') })
    await expect.poll(() => dialog().getByRole('alert').textContent()).toMatch(/not a recipe file/)
    await dialog().getByRole('alert').getByRole('button', { name: 'Dismiss' }).click()
    await page.locator('tr[data-output="1"]').getByRole('button', { name: 'Remove this output' }).click()
    expect(await page.locator('tr[data-output]').count()).toBe(1)
    await page.getByTestId('recipe-file').setInputFiles(saved)
    await expect.poll(() => page.locator('tr[data-output]').count()).toBe(2)
    expect(await page.locator('tr[data-output="1"]').getByLabel('Format').inputValue()).toBe('png')
  })

  let doneBeforeCancel: string[] = []
  let writtenBeforeCancel: Record<string, number> = {}

  it('runs over the photos, shows progress in the status bar, and cancels in the middle', async () => {
    await page.getByTestId('batch-inputs').fill(photos)
    await page.getByTestId('batch-outdir').fill(outDir)
    await dialog().getByLabel('Workers').fill('1')
    await page.getByTestId('batch-start').click()
    await expect.poll(() => batchRow().getAttribute('data-state')).toBe('running')
    await expect.poll(async () => Object.values(await statuses()).filter((s) => s === 'done').length, { timeout: 120_000 }).toBeGreaterThanOrEqual(3)
    // The status bar shows the running batch's progress under the panel.
    expect(await page.getByTestId('batch-status').textContent()).toMatch(/^Batch “corner watermark, square”: \d+\/13/)
    if (screenshots) await page.screenshot({ path: join(screenshots, 'batch-running-en.png') })
    await batchRow().locator('[data-control=cancel]').click()
    await expect.poll(() => batchRow().getAttribute('data-state')).toBe('cancelled')
    // The photo in progress is abandoned back to pending (or had just finished).
    await expect.poll(async () => Object.values(await statuses())).not.toContain('running')
    const after = await statuses()
    doneBeforeCancel = Object.entries(after).filter(([, s]) => s === 'done').map(([name]) => name!)
    expect(doneBeforeCancel.length).toBeGreaterThanOrEqual(3)
    expect(Object.values(after).filter((s) => s === 'pending').length).toBeGreaterThan(0)
    expect(Object.values(after)).not.toContain('running')
    writtenBeforeCancel = Object.fromEntries(readdirSync(outDir).filter((n) => !n.startsWith('.')).map((n) => [n, statSync(join(outDir, n)).mtimeMs]))
    expect(Object.keys(writtenBeforeCancel)).toHaveLength(doneBeforeCancel.length * 2)
    expect(await page.getByTestId('batch-status').count()).toBe(0)
  }, 180_000)

  it('after the app restarts, lists the cancelled batch and resumes only the rest: 24 outputs, the corrupt file failed', async () => {
    await app.stop()
    app = await startWebApp(app.dataDir)
    await page.goto(app.url)
    await page.getByText('Open a photo to start').waitFor()
    await page.locator('.menu-title', { hasText: 'File' }).click()
    await page.getByRole('menuitem', { name: 'Batch…' }).click()
    await expect.poll(() => batchRow().getAttribute('data-state')).toBe('cancelled')
    expect(Object.values(await statuses()).filter((s) => s === 'done')).toHaveLength(doneBeforeCancel.length)

    // Its recipe comes back from the batch, to save or run on other photos.
    await batchRow().locator('[data-control=use-recipe]').click()
    expect(await page.getByTestId('recipe-steps').locator('li').count()).toBe(2)
    expect(await page.getByTestId('recipe-name').inputValue()).toBe('corner watermark, square')

    await batchRow().locator('[data-control=resume]').click()
    await expect.poll(() => batchRow().getAttribute('data-state'), { timeout: 300_000, interval: 1000 }).toBe('done')
    const final = await statuses()
    expect(Object.values(final).filter((s) => s === 'done')).toHaveLength(12)
    expect(final['broken.png']).toBe('failed')
    expect(await batchRow().getByTestId('batch-counts').textContent()).toMatch(/13 of 13.*done 12.*failed 1/)
    expect(await itemRow('broken.png').locator('.item-error').textContent()).toBe('The image is damaged or incomplete and cannot be opened.')
    // Each done photo shows its result's thumbnail.
    await expect.poll(() => page.getByTestId('batch-items').locator('img').count()).toBe(12)

    const outputs = readdirSync(outDir).filter((name) => !name.startsWith('.')).sort()
    expect(outputs).toHaveLength(24)
    for (let i = 1; i <= 12; i++) {
      const stem = `kodim${String(i).padStart(2, '0')}`
      const jpeg = await sharp(join(outDir, `${stem}_800x800.jpg`)).metadata()
      const png = await sharp(join(outDir, `${stem}_300x300.png`)).metadata()
      expect([jpeg.format, jpeg.width, jpeg.height, png.format, png.width, png.height]).toEqual(['jpeg', 800, 800, 'png', 300, 300])
    }
    // Only the rest ran: what the first run wrote was not written again.
    for (const [name, mtime] of Object.entries(writtenBeforeCancel)) expect(statSync(join(outDir, name)).mtimeMs).toBe(mtime)
    expect(hashFolder(photos)).toEqual(originals)
    if (screenshots) await page.screenshot({ path: join(screenshots, 'batch-done-en.png') })
  }, 360_000)

  it('shows the failure in Chinese, and opens a result as a project to touch up', async () => {
    await page.keyboard.press('Escape')
    await page.locator('.menu-title', { hasText: 'Help' }).click()
    await page.getByRole('menuitem', { name: '中文' }).click()
    await page.locator('.menu-title', { hasText: '文件' }).click()
    await page.getByRole('menuitem', { name: '批处理…' }).click()
    await expect.poll(() => itemRow('broken.png').locator('.item-error').textContent()).toMatch(/损坏/)
    expect(await itemRow('broken.png').locator('.status').textContent()).toBe('失败')
    if (screenshots) await page.screenshot({ path: join(screenshots, 'batch-done-zh.png') })

    await itemRow('kodim05.png').locator('[data-open-project]').click()
    await page.getByText('kodim05.png · 768×768').waitFor()
    // Its history is the recipe's steps, on the photo.
    expect(await historyOperations(page, 3)).toEqual(['画布大小', '移除物体', '打开'])
  })
})
