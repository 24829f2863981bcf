import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src-main/documents/project'
import { kodakPath } from '../fixtures/evalSet'
import { buildZImagePack, scratchFolder } from '../fixtures/oracle'
import { decodedColour, zImageTarget } from '../integration/generation/oracleAnswers'
import { drawStroke, historyOperations, exportedPixels, showKodakAtActualPixels } from './page'
import { launchChromium, startWebApp, type WebApp } from './webApp'

/** What the oracle Z-Image pack paints for "a red sofa", whatever the seed (model-packs.md, point target). */
const ORACLE_COLOUR = decodedColour(zImageTarget(['a', 'red', 'sofa']), 0.3611, 0.1159)

describe('editing with a prompt inside a painted mask (web mode, Chromium, oracle Z-Image pack)', () => {
  let browser: Browser
  let app: WebApp
  let page: Page
  let scratch: Awaited<ReturnType<typeof scratchFolder>>
  let original: Buffer

  beforeAll(async () => {
    scratch = await scratchFolder('e2e-generation')
    const pack = await buildZImagePack(join(scratch.path, 'z-image-turbo-oracle'))
    original = (await sharp(kodakPath(3)).ensureAlpha().raw().toBuffer()) as Buffer
    browser = await launchChromium()
    app = await startWebApp()
    page = await browser.newPage({ viewport: { width: 1500, height: 950 }, acceptDownloads: true })
    await page.goto(app.url)
    await page.getByText('Open a photo to start').waitFor()
    await page.getByRole('button', { name: 'AI' }).click()
    await page.locator('[data-action="ai.models"]').click()
    await page.getByLabel('Install from a folder or URL').fill(pack)
    await page.getByTestId('install-box').getByRole('button', { name: 'Install' }).click()
    await page.getByTestId('packs').getByRole('row', { name: /oracle/i }).waitFor()
    await page.getByRole('dialog').getByRole('button', { name: 'Dismiss' }).click()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    await scratch?.remove()
  })

  /** The document as exported, and the mask layer's coverage, read from the project file itself. */
  const exported = () => exportedPixels(page)
  function project<T>(read: (store: ProjectStore) => T): T {
    const store = ProjectStore.open(join(app.dataDir, 'projects', 'kodim03.zproj'), { readOnly: true })
    try {
      return read(store)
    } finally {
      store.close()
    }
  }
  const pixel = (rgba: Buffer, x: number, y: number) => [...rgba.subarray((y * 768 + x) * 4, (y * 768 + x) * 4 + 3)]

  it('repaints only the masked area, as the oracle predicts; undo brings the photo back', async () => {
    await showKodakAtActualPixels(page, 3)
    await page.keyboard.press('q')
    await page.locator('.optionsbar input[type=range]').first().fill('60')
    await drawStroke(page, [[250, 200], [350, 200], [450, 200]])
    // The first mask stroke makes the mask layer, a version of its own as in Photoshop.
    expect(await historyOperations(page, 3)).toEqual(['Mask stroke', 'New layer', 'Open'])

    await page.getByLabel('Instruction').fill('a red sofa')
    await page.getByRole('button', { name: 'Inpaint', exact: true }).click()
    expect(await historyOperations(page, 4)).toEqual(['Inpaint', 'Mask stroke', 'New layer', 'Open'])

    const after = await exported()
    const mask = project((store) => {
      const maskLayer = store.layers().find((layer) => layer.kind === 'mask')!
      return store.readLayer(store.head, maskLayer.id).rgba
    })
    let outsideChanged = 0
    for (let i = 0; i < 768 * 512; i++) {
      if (mask[i * 4 + 3] === 0 && after.readUInt32BE(i * 4) !== original.readUInt32BE(i * 4)) outsideChanged++
    }
    expect(outsideChanged).toBe(0)
    for (const [x, y] of [[300, 200], [350, 200], [400, 200]] as const) {
      pixel(after, x, y).forEach((value, c) => expect(Math.abs(value - ORACLE_COLOUR[c]!)).toBeLessThanOrEqual(3))
    }
    expect(pixel(after, 350, 200)).not.toEqual(pixel(original, 350, 200))

    await page.keyboard.press('Control+z')
    await page.locator('[data-testid=history] li.head .operation', { hasText: 'Mask stroke' }).waitFor()
    expect(pixel(await exported(), 350, 200)).toEqual(pixel(original, 350, 200))
  })

  it('re-runs the edit from the history with a new seed, as a new version with the same parameters', async () => {
    await page.locator('[data-testid=history] li', { hasText: 'Inpaint' }).locator('button.rerun').click()
    expect(await historyOperations(page, 5)).toEqual(['Inpaint', 'Inpaint', 'Mask stroke', 'New layer', 'Open'])
    const [rerun, first] = project((store) => store.history().slice(0, 2).map((entry) => store.version(entry.id)))
    expect(rerun!.prompt).toBe('a red sofa')
    expect(rerun!.seed).not.toBe(first!.seed)
    expect(rerun!.params).toMatchObject({ steps: first!.params.steps, strength: first!.params.strength, maskBounds: first!.params.maskBounds })
    pixel(await exported(), 350, 200).forEach((value, c) => expect(Math.abs(value - ORACLE_COLOUR[c]!)).toBeLessThanOrEqual(3))
  })

  it('outpaints: the canvas grows right and down, the new area takes the oracle colour, the photo is identical outside the seam; undo shrinks it back', async () => {
    const before = await exported()
    await page.getByText('Outpaint (extend the canvas)').click()
    await page.getByLabel('Right').fill('64')
    await page.getByLabel('Bottom').fill('32')
    await page.getByLabel('Seam').fill('16')
    await page.getByRole('button', { name: 'Outpaint', exact: true }).click()
    expect(await historyOperations(page, 6)).toEqual(['Outpaint', 'Inpaint', 'Inpaint', 'Mask stroke', 'New layer', 'Open'])
    await page.getByText('kodim03.png · 832×544').waitFor()

    const after = await exported()
    expect(after.length).toBe(832 * 544 * 4)
    const at = (rgba: Buffer, width: number, x: number, y: number) => rgba.readUInt32BE((y * width + x) * 4)
    let changed = 0
    for (let y = 0; y < 512 - 16; y++) for (let x = 0; x < 768 - 16; x++) if (at(after, 832, x, y) !== at(before, 768, x, y)) changed++
    expect(changed).toBe(0)
    for (const [x, y] of [[820, 100], [400, 540], [830, 542]] as const) {
      const colour = [...after.subarray((y * 832 + x) * 4, (y * 832 + x) * 4 + 3)]
      colour.forEach((value, c) => expect(Math.abs(value - ORACLE_COLOUR[c]!)).toBeLessThanOrEqual(3))
    }

    await page.keyboard.press('Control+z')
    await page.getByText('kodim03.png · 768×512').waitFor()
    expect((await exported()).equals(before)).toBe(true)
  })
})
