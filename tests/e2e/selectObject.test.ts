/**
 * Select › Object (click to segment) in the real app, on an oracle SAM pack in exactly Acly/MobileSAM's layout,
 * installed through the Model manager's field from the link the tool offers while no SAM pack is installed. The
 * oracle's decoder answers discs around positive points minus discs around negative ones and the box filled
 * (tests/fixtures/oracle/sam.ts), so each mask has a closed form: hovering previews it, a click, an Alt-click and a
 * box change it, Enter and Shift+Enter make it the selection (read back as the layer mask made from it), and the
 * encoder ran once across all of it. In English and Chinese.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src-main/documents/project'
import { maskIoU } from '../fixtures/composites'
import { SAM_RADIUS, samRepoFiles } from '../fixtures/oracle/sam'
import { canvasView, documentPixel, showKodakAtActualPixels } from './page'
import { openEditor, type EditorSession } from './webApp'

/** kodim03 is 768×512: SAM's frame scales it by 1024/768, so the oracle's discs have this radius in photo pixels. */
const [WIDTH, HEIGHT] = [768, 512]
const RADIUS = (SAM_RADIUS * WIDTH) / 1024
const screenshots = process.env.SEGMENT_SCREENSHOTS ?? '/tmp'

type Inside = (x: number, y: number) => boolean
const disc =
  (cx: number, cy: number): Inside =>
  (x, y) =>
    (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 < RADIUS ** 2
const inBox =
  (box: { x: number; y: number; width: number; height: number }): Inside =>
  (x, y) =>
    x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height
const expected = (inside: Inside) => Uint8Array.from({ length: WIDTH * HEIGHT }, (_, i) => (inside(i % WIDTH, Math.floor(i / WIDTH)) ? 255 : 0))
const area = (inside: Inside) => expected(inside).filter((a) => a === 255).length

interface Readout {
  points: number
  box: boolean
  preview: 'none' | 'hover' | 'prompt'
  selected: number
  pending: boolean
  encoderRuns: number
}

async function readout(page: Page): Promise<Readout> {
  return JSON.parse((await page.getByTestId('object-options').getAttribute('data-object'))!) as Readout
}

/** Waits until the tool shows a settled mask of that kind holding about `pixels` (1% either way: SAM's 256² grid). */
async function waitForMask(page: Page, want: Partial<Readout> & { preview: Readout['preview'] }, pixels: number): Promise<Readout> {
  await page.waitForFunction(
    ([want, pixels]) => {
      const element = document.querySelector('[data-testid=object-options]')
      if (!element) return false
      const now = JSON.parse(element.getAttribute('data-object')!) as Record<string, unknown>
      const close = Math.abs((now.selected as number) - (pixels as number)) <= (pixels as number) * 0.01
      return !now.pending && close && Object.entries(want as object).every(([key, value]) => now[key] === value)
    },
    [want, pixels] as const,
    { timeout: 30_000 },
  )
  return readout(page)
}

async function screenPoint(page: Page, x: number, y: number): Promise<[number, number]> {
  const view = await canvasView(page)
  const box = (await page.getByTestId('canvas').boundingBox())!
  return [box.x + view.x + x * view.zoom, box.y + view.y + y * view.zoom]
}

for (const language of ['en', 'zh-CN'] as const) {
  const words = language === 'en' ? { layer: 'Layer', models: 'Model manager', ready: 'Ready' } : { layer: '图层', models: '模型管理', ready: '就绪' }

  describe(`Select › Object on an oracle SAM pack (${language})`, () => {
    let session: EditorSession
    let page: Page

    beforeAll(async () => {
      session = await openEditor()
      page = session.page
      if (language !== 'en') {
        await page.evaluate(() => localStorage.setItem('editor.language', 'zh-CN'))
        await page.reload()
      }
      await showKodakAtActualPixels(page, 3)
    }, 120_000)
    afterAll(() => session?.close())

    it('says what it needs while no SAM pack is installed, and its link opens the Model manager to install one', async () => {
      await page.keyboard.press('Shift+W')
      const note = page.getByTestId('object-models')
      await note.waitFor()
      expect(await note.textContent()).toContain('MobileSAM')
      await page.screenshot({ path: join(screenshots, `object-needs-pack-${language}.png`) })
      await note.getByRole('button').click()
      await page.getByRole('dialog', { name: words.models }).waitFor()
      const folder = join(session.app.dataDir, 'MobileSAM')
      await mkdir(folder, { recursive: true })
      for (const [name, bytes] of Object.entries(samRepoFiles())) await writeFile(join(folder, name), bytes)
      await page.getByTestId('install-box').locator('input').first().fill(folder)
      await page.getByTestId('install-box').getByRole('button').first().click()
      await page.getByTestId('packs').getByRole('row', { name: /sam/i }).waitFor({ timeout: 120_000 })
      await page.keyboard.press('Escape')
      await page.getByTestId('object-options').waitFor()
    }, 180_000)

    it('previews the mask under the pointer, then clicks, Alt-clicks and a box give the oracle’s masks; Enter and Shift+Enter select them', async () => {
      const before = await documentPixel(page, 200, 250)
      await page.mouse.move(...(await screenPoint(page, 200, 250)))
      const hovered = await waitForMask(page, { preview: 'hover', points: 0 }, area(disc(200, 250)))
      // The preview is drawn: the pixel under the pointer is tinted blue.
      const tinted = await documentPixel(page, 200, 250)
      expect(tinted[2]! - before[2]!).toBeGreaterThan(20)
      expect(hovered.encoderRuns).toBe(1)

      await page.mouse.click(...(await screenPoint(page, 200, 250)))
      await waitForMask(page, { preview: 'prompt', points: 1 }, area(disc(200, 250)))

      const subtracted: Inside = (x, y) => disc(200, 250)(x, y) && !disc(260, 250)(x, y)
      await page.keyboard.down('Alt')
      await page.mouse.click(...(await screenPoint(page, 260, 250)))
      await page.keyboard.up('Alt')
      await waitForMask(page, { preview: 'prompt', points: 2 }, area(subtracted))
      await page.screenshot({ path: join(screenshots, `object-points-${language}.png`) })

      // Backspace takes back the negative point; Alt-click puts it back.
      await page.keyboard.press('Backspace')
      await waitForMask(page, { preview: 'prompt', points: 1 }, area(disc(200, 250)))
      await page.keyboard.down('Alt')
      await page.mouse.click(...(await screenPoint(page, 260, 250)))
      await page.keyboard.up('Alt')
      await waitForMask(page, { preview: 'prompt', points: 2 }, area(subtracted))

      await page.keyboard.press('Enter')
      await page.locator('[data-testid=canvas][data-selection=some]').waitFor()
      expect(await readout(page)).toMatchObject({ points: 0, box: false, preview: 'none' })

      // Escape drops the points and their mask, and leaves the selection.
      await page.mouse.click(...(await screenPoint(page, 600, 120)))
      await waitForMask(page, { preview: 'prompt', points: 1 }, area(disc(600, 120)))
      await page.keyboard.press('Escape')
      await page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid=object-options]')!.getAttribute('data-object')!).preview === 'none')
      expect(await readout(page)).toMatchObject({ points: 0, preview: 'none' })
      expect(await page.getByTestId('canvas').getAttribute('data-selection')).toBe('some')

      // A box dragged over the photo fills; Shift+Enter adds it to the selection.
      const box = { x: 100, y: 80, width: 300, height: 200 }
      await page.mouse.move(...(await screenPoint(page, box.x, box.y)))
      await page.mouse.down()
      await page.mouse.move(...(await screenPoint(page, box.x + box.width, box.y + box.height)), { steps: 6 })
      await page.mouse.up()
      const boxed = await waitForMask(page, { preview: 'prompt', box: true, points: 0 }, area(inBox(box)))
      await page.screenshot({ path: join(screenshots, `object-box-${language}.png`) })
      await page.keyboard.press('Shift+Enter')
      await page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid=object-options]')!.getAttribute('data-object')!).box === false)

      // Every decode after the first click ran on the embeddings the compute host kept.
      expect(boxed.encoderRuns).toBe(1)

      // The selection, read back exactly: Layer › Add layer mask makes it the layer's mask.
      await page.getByRole('button', { name: words.layer, exact: true }).click()
      await page.locator('[data-action="layer.mask.add"]').click()
      await page.getByTestId('layer-mask').waitFor()
      await page.getByTestId('status').filter({ hasText: words.ready }).waitFor()
      const store = ProjectStore.open(join(session.app.dataDir, 'projects', 'kodim03.zproj'), { readOnly: true })
      try {
        const rgba = store.readLayer(store.head, store.layers()[0]!.id, 'mask').rgba
        const mask = Uint8Array.from({ length: WIDTH * HEIGHT }, (_, i) => rgba[i * 4 + 3]!)
        const want = expected((x, y) => subtracted(x, y) || inBox(box)(x, y))
        expect(maskIoU(mask, want)).toBeGreaterThan(0.97)
      } finally {
        store.close()
      }
    }, 120_000)
  })
}
