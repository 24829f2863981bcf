/**
 * Select subject and Remove background with the real ISNet graph (a test fixture, installed through the Model
 * manager as a user would): outside the subject the layer shows transparent while its pixels are kept, undo restores
 * the picture exactly, the PSD carries the layer mask; the same in Chinese.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src-main/documents/project'
import { kodakRgba } from '../fixtures/images'
import { isnetFolder } from '../fixtures/isnet'
import sharp from 'sharp'
import { openThroughMenu } from './page'
import { openEditor, type EditorSession } from './webApp'
import { kodakPath } from '../fixtures/evalSet'
import { readPsdInNode } from '../fixtures/psd'

/** kodim04: a portrait against a dark plain background, 512×768. */
const KODAK = 4
const [WIDTH, HEIGHT] = [512, 768]

async function installIsnet(page: Page, folder: string, labels: { ai: string; models: string }) {
  await page.getByRole('button', { name: labels.ai, exact: true }).click()
  await page.locator('[data-action="ai.models"]').click()
  const dialog = page.getByRole('dialog', { name: labels.models })
  await dialog.waitFor()
  await page.getByTestId('install-box').locator('input').first().fill(folder)
  await page.getByTestId('install-box').getByRole('button').first().click()
  await page.getByTestId('packs').getByRole('row', { name: /isnet/i }).waitFor({ timeout: 120_000 })
  await page.keyboard.press('Escape')
}

async function runAction(page: Page, menu: string, action: string) {
  await page.getByRole('button', { name: menu, exact: true }).click()
  await page.locator(`[data-action="${action}"]`).click()
}

/** Where screenshots go for a person to look at (SEGMENT_SCREENSHOTS), else the temp folder. */
const screenshots = process.env.SEGMENT_SCREENSHOTS ?? '/tmp'

/** File › Export as PNG, decoded to RGBA, once the editor is idle, in the interface's language. */
async function exportedPixels(page: Page, words: { file: string; ready: string }): Promise<Buffer> {
  await page.getByTestId('status').filter({ hasText: words.ready }).waitFor()
  await page.getByRole('button', { name: words.file, exact: true }).click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="file.export.png"]').click()])
  return (await sharp(await readFile((await download.path())!)).ensureAlpha().raw().toBuffer()) as Buffer
}

async function psdOf(page: Page, fileMenu: string) {
  await page.getByRole('button', { name: fileMenu, exact: true }).click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="file.export.psd"]').click()])
  return readPsdInNode(await readFile((await download.path())!))
}

for (const language of ['en', 'zh-CN'] as const) {
  const words =
    language === 'en'
      ? { ai: 'AI', models: 'Model manager', select: 'Select', layer: 'Layer', file: 'File', edit: 'Edit', ready: 'Ready' }
      : { ai: 'AI', models: '模型管理', select: '选择', layer: '图层', file: '文件', edit: '编辑', ready: '就绪' }

  describe(`Select subject and Remove background with ISNet (${language})`, () => {
    let session: EditorSession
    let page: Page
    let original: Buffer

    beforeAll(async () => {
      original = await kodakRgba(KODAK)
      session = await openEditor()
      page = session.page
      if (language !== 'en') {
        await page.evaluate(() => localStorage.setItem('editor.language', 'zh-CN'))
        await page.reload()
      }
      await installIsnet(page, await isnetFolder(join(session.app.dataDir, 'isnet-download')), words)
      await openThroughMenu(page, kodakPath(KODAK))
      await page.getByText(`kodim04.png · ${WIDTH}×${HEIGHT}`).waitFor()
    }, 240_000)
    afterAll(() => session?.close())

    it('selects the subject as a soft selection', async () => {
      await runAction(page, words.select, 'select.subject')
      await page.getByTestId('status').filter({ hasText: words.ready }).waitFor({ timeout: 120_000 })
      // There is a selection now: Select › Deselect is on.
      await page.getByRole('button', { name: words.select, exact: true }).click()
      expect(await page.locator('[data-action="select.none"]').isEnabled()).toBe(true)
      await page.keyboard.press('Escape')
      await page.screenshot({ path: join(screenshots, `subject-${language}.png`) })
    }, 180_000)

    it('removes the background as one version: transparent outside the subject, pixels kept, undo exact, PSD mask', async () => {
      await runAction(page, words.layer, 'layer.removeBackground')
      await page.getByTestId('layer-mask').waitFor({ timeout: 120_000 })
      await page.getByTestId('status').filter({ hasText: words.ready }).waitFor({ timeout: 120_000 })
      await page.screenshot({ path: join(screenshots, `remove-background-${language}.png`) })
      const after = await exportedPixels(page, words)

      const store = ProjectStore.open(join(session.app.dataDir, 'projects', 'kodim04.zproj'), { readOnly: true })
      let mask: Buffer
      let kept: Buffer
      try {
        const layer = store.layers()[0]!
        expect(layer.mask).toEqual({ enabled: true })
        mask = store.readLayer(store.head, layer.id, 'mask').rgba
        kept = store.readLayer(store.head, layer.id).rgba
        expect(store.version(store.head).operation).toBe('removeBackground')
      } finally {
        store.close()
      }
      // The layer's own pixels are the photo's, untouched.
      expect(kept.equals(original)).toBe(true)
      let hidden = 0
      let shown = 0
      for (let i = 0; i < WIDTH * HEIGHT; i++) {
        const m = mask[i * 4 + 3]!
        if (m === 0) {
          hidden++
          expect(after[i * 4 + 3]).toBe(0)
        } else if (m === 255) {
          shown++
          expect(after[i * 4 + 3]).toBe(255)
        }
      }
      // A real subject and a real background: both sides hold a good share of the photo.
      expect(hidden).toBeGreaterThan(WIDTH * HEIGHT * 0.1)
      expect(shown).toBeGreaterThan(WIDTH * HEIGHT * 0.1)

      const psd = await psdOf(page, words.file)
      const psdMask = psd.children![0]!.mask!
      expect(psdMask.imageData).toBeDefined()
      const grey = psdMask.imageData!.data
      for (let i = 0; i < WIDTH * HEIGHT; i += 997) expect(grey[i * 4]).toBe(mask[i * 4 + 3])

      await page.keyboard.press('Control+z')
      await page.getByTestId('layer-mask').waitFor({ state: 'detached' })
      expect((await exportedPixels(page, words)).equals(original)).toBe(true)
    }, 240_000)
  })
}
