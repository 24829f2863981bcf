/**
 * Transparency on the canvas and Layer › Remove background…'s options, with the real ISNet graph (a test fixture,
 * installed through the Model manager): a transparent area shows the checkerboard's two greys, not the dark
 * workspace; the background to a colour with a trim exports at the subject's bounds plus the padding with the colour
 * wherever the mask hides the photo; the Select subject selection is gone after Remove background. The dialog in Chinese too.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src-main/documents/project'
import { kodakPath } from '../fixtures/evalSet'
import { isnetFolder } from '../fixtures/isnet'
import { documentPixel, openThroughMenu } from './page'
import { openEditor, type EditorSession } from './webApp'

/** The checkerboard's greys (src-renderer/canvas/Checkerboard.tsx), as the canvas reads them back. */
const GREYS = [
  [0xf0, 0xf0, 0xf0, 255],
  [0xcc, 0xcc, 0xcc, 255],
]
const COLOUR = '#2a6fdb'
const PADDING = 12
const screenshots = process.env.SEGMENT_SCREENSHOTS ?? '/tmp'

async function runAction(page: Page, menu: string, action: string) {
  await page.getByRole('button', { name: menu, exact: true }).click()
  await page.locator(`[data-action="${action}"]`).click()
}

async function idle(page: Page) {
  await page.getByTestId('status').filter({ hasText: 'Ready' }).waitFor({ timeout: 120_000 })
}

async function exported(page: Page): Promise<{ width: number; height: number; rgba: Buffer }> {
  await idle(page)
  await page.getByRole('button', { name: 'File', exact: true }).click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="file.export.png"]').click()])
  const { data, info } = await sharp(await readFile((await download.path())!)).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  return { width: info.width, height: info.height, rgba: data }
}

/** The head's layer mask of the project's bottom layer that has one, as alpha bytes, and its size. */
function layerMask(dataDir: string): { width: number; height: number; alpha: Uint8Array } {
  const store = ProjectStore.open(join(dataDir, 'projects', 'kodim04.zproj'), { readOnly: true })
  try {
    const layer = store.layers().find((candidate) => candidate.mask)!
    const { rgba, width, height } = store.readLayer(store.head, layer.id, 'mask')
    return { width, height, alpha: Uint8Array.from({ length: width * height }, (_, i) => rgba[i * 4 + 3]!) }
  } finally {
    store.close()
  }
}

/** The bounds of alpha ≥ 128 (what Remove background trims to). */
function bounds({ width, height, alpha }: { width: number; height: number; alpha: Uint8Array }) {
  let [left, top, right, bottom] = [width, height, -1, -1]
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (alpha[y * width + x]! < 128) continue
      left = Math.min(left, x)
      right = Math.max(right, x)
      top = Math.min(top, y)
      bottom = Math.max(bottom, y)
    }
  }
  return { left, top, right, bottom }
}

describe('transparency and Remove background’s options', () => {
  let session: EditorSession
  let page: Page

  beforeAll(async () => {
    session = await openEditor()
    page = session.page
  }, 60_000)
  afterAll(() => session?.close())

  it('shows a transparent area as the checkerboard’s two greys', async () => {
    // 256×128: the left half transparent, the right half opaque red.
    const rgba = Buffer.alloc(256 * 128 * 4)
    for (let i = 0; i < 256 * 128; i++) if (i % 256 >= 128) rgba.set([220, 30, 30, 255], i * 4)
    const buffer = await sharp(rgba, { raw: { width: 256, height: 128, channels: 4 } }).png().toBuffer()
    await openThroughMenu(page, { name: 'half.png', mimeType: 'image/png', buffer })
    await page.getByText('half.png · 256×128').waitFor()
    await page.keyboard.press('Control+1')
    await idle(page)
    const seen = new Set<string>()
    for (let y = 4; y < 128; y += 8) {
      for (let x = 4; x < 120; x += 8) {
        const pixel = await documentPixel(page, x, y)
        expect(GREYS.map(String)).toContain(String(pixel))
        seen.add(String(pixel))
      }
    }
    expect(seen.size).toBe(2)
    expect(await documentPixel(page, 200, 60)).toEqual([220, 30, 30, 255])
    await page.screenshot({ path: join(screenshots, 'checkerboard-en.png') })
  }, 60_000)

  it('removes the background to a colour with a trim: the subject’s bounds plus the padding, the colour where the mask hides', async () => {
    await runAction(page, 'AI', 'ai.models')
    await page.getByRole('dialog', { name: 'Model manager' }).waitFor()
    await page.getByTestId('install-box').locator('input').first().fill(await isnetFolder(join(session.app.dataDir, 'isnet-download')))
    await page.getByTestId('install-box').getByRole('button').first().click()
    await page.getByTestId('packs').getByRole('row', { name: /isnet/i }).waitFor({ timeout: 180_000 })
    await page.keyboard.press('Escape')
    await openThroughMenu(page, kodakPath(4))
    await page.getByText('kodim04.png · 512×768').waitFor()

    // Select subject, then Layer › Remove background (transparent, no trim): the selection goes so the result can be
    // judged, and the layer mask it made gives the subject's bounds; undone.
    await runAction(page, 'Select', 'select.subject')
    await idle(page)
    await page.locator('[data-testid=canvas][data-selection=some]').waitFor()
    await runAction(page, 'Layer', 'layer.removeBackground')
    await page.getByTestId('layer-mask').waitFor({ timeout: 120_000 })
    await idle(page)
    expect(await page.getByTestId('canvas').getAttribute('data-selection')).toBe('none')
    const subject = bounds(layerMask(session.app.dataDir))
    await page.keyboard.press('Control+z')
    await page.getByTestId('layer-mask').waitFor({ state: 'detached' })

    await runAction(page, 'Layer', 'layer.removeBackgroundOptions')
    const dialog = page.getByRole('dialog', { name: 'Remove background' })
    await dialog.locator('input[type=radio][value=colour]').check()
    await dialog.locator('input[type=color]').fill(COLOUR)
    await dialog.locator('input[type=checkbox]').check()
    await dialog.locator('input[type=number]').fill(String(PADDING))
    await page.screenshot({ path: join(screenshots, 'remove-background-dialog-en.png') })
    await dialog.getByRole('button', { name: 'Remove background' }).click()
    await page.getByText(`kodim04.png · `).filter({ hasNotText: '512×768' }).waitFor({ timeout: 120_000 })
    await idle(page)
    await page.screenshot({ path: join(screenshots, 'remove-background-colour-en.png') })

    const image = await exported(page)
    const left = Math.max(0, subject.left - PADDING)
    const top = Math.max(0, subject.top - PADDING)
    expect([image.width, image.height]).toEqual([Math.min(512, subject.right + 1 + PADDING) - left, Math.min(768, subject.bottom + 1 + PADDING) - top])
    const mask = layerMask(session.app.dataDir)
    expect([mask.width, mask.height]).toEqual([image.width, image.height])
    const colour = [1, 3, 5].map((i) => parseInt(COLOUR.slice(i, i + 2), 16))
    let background = 0
    for (let i = 0; i < mask.alpha.length; i++) {
      if (mask.alpha[i] !== 0) continue
      background++
      expect([...image.rgba.subarray(i * 4, i * 4 + 4)]).toEqual([...colour, 255])
    }
    expect(background).toBeGreaterThan(mask.alpha.length * 0.05)
  }, 400_000)

  it('offers the same options in Chinese', async () => {
    await runAction(page, 'Help', 'help.language')
    await runAction(page, '图层', 'layer.removeBackgroundOptions')
    const dialog = page.getByRole('dialog', { name: '移除背景' })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('裁切到主体')
    await page.screenshot({ path: join(screenshots, 'remove-background-dialog-zh-CN.png') })
    await page.keyboard.press('Escape')
  }, 60_000)
})
