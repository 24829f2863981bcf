import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src-main/documents/project'
import { buildZImagePack, gaussianTransformerGraph, safetyCheckerGraph, scratchFolder } from '../fixtures/oracle'
import { gaussianImage, largestDifference } from '../integration/generation/oracleAnswers'
import { canvasPixel, canvasView, drawStroke, historyOperations, showKodakAtActualPixels } from './page'
import { openEditor, type EditorSession } from './webApp'

const SPREAD = 0.5
const [WIDTH, HEIGHT] = [768, 512]

/** Installs a pack through AI › Model manager, as a user does; `installed` is how many packs there are after. */
async function install(page: Page, folder: string, installed: number): Promise<void> {
  await page.getByRole('button', { name: 'AI' }).click()
  await page.locator('[data-action="ai.models"]').click()
  await page.getByLabel('Install from a folder or URL').fill(folder)
  await page.getByTestId('install-box').getByRole('button', { name: 'Install' }).click()
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=packs] tbody tr').length === n, installed)
  await page.getByRole('dialog').getByRole('button', { name: 'Dismiss' }).click()
}

describe('a batch of candidates in the staging strip (web mode, Chromium, oracle Z-Image packs)', () => {
  let session: EditorSession
  let page: Page
  let scratch: Awaited<ReturnType<typeof scratchFolder>>

  beforeAll(async () => {
    scratch = await scratchFolder('e2e-generation-batch')
    session = await openEditor()
    page = session.page
    await install(page, await buildZImagePack(join(scratch.path, 'gaussian'), { id: 'z-image-gaussian', graphs: { transformer: gaussianTransformerGraph(SPREAD) } }), 1)
    await install(page, await buildZImagePack(join(scratch.path, 'flagging'), { id: 'z-image-flagging', safetyChecker: safetyCheckerGraph(-10) }), 2)
    await showKodakAtActualPixels(page, 3)
    await page.getByLabel('Instruction').fill('a red sofa')
    await page.getByText('Refine (negative prompt, steps, guidance)').click()
    // The document's own size is a working size the pack can do, so each candidate is the oracle's image unresampled.
    await page.getByLabel('Width').fill(String(WIDTH))
    await page.getByLabel('Height').fill(String(HEIGHT))
  })
  afterAll(async () => {
    await session?.close()
    await scratch?.remove()
  })

  /** What the project file holds: the head, the number of versions, and each generated layer's pixels at the head. */
  function project() {
    const store = ProjectStore.open(join(session.app.dataDir, 'projects', 'kodim03.zproj'), { readOnly: true })
    try {
      const generated = store.layers().filter((layer) => layer.id.startsWith('generated-'))
      return { head: store.head, versions: store.history().length, layers: generated.map((layer) => store.readLayer(store.head, layer.id).rgba) }
    } finally {
      store.close()
    }
  }
  const strip = () => page.getByTestId('staging')
  const candidateSeeds = () => strip().locator('li').evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-seed'))))

  it('shows 3 incrementing seeds; accepting 2 makes 2 versions with the oracle’s pixels for those seeds; discarding leaves the document as it was', async () => {
    await page.getByLabel('Model pack').selectOption('z-image-gaussian')
    await page.getByLabel('Batch size').fill('3')
    await page.getByLabel('Seed', { exact: true }).selectOption('increment')
    await page.getByLabel('Seed value').fill('7')
    const before = project()
    await page.getByRole('button', { name: 'Generate', exact: true }).click()
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=staging] li').length === 3)
    expect(await candidateSeeds()).toEqual([7, 8, 9])
    expect(await strip().getByText('Seed 8').isVisible()).toBe(true)
    // The next batch goes on from the seed after this one's last.
    expect(await page.getByLabel('Seed value').inputValue()).toBe('10')
    expect(project()).toMatchObject({ head: before.head, versions: before.versions, layers: [] })

    for (const seed of [7, 9]) {
      await strip().locator(`li[data-seed="${seed}"]`).getByRole('button', { name: 'Accept' }).click()
      await strip().locator(`li[data-seed="${seed}"]`).waitFor({ state: 'detached' })
    }
    expect(await historyOperations(page, 3)).toEqual(['Generate', 'Generate', 'Open'])
    const accepted = project()
    expect(accepted.layers).toHaveLength(2)
    accepted.layers.forEach((rgba, i) => expect(largestDifference(rgba, gaussianImage(['a', 'red', 'sofa'], [7, 9][i]!, WIDTH, HEIGHT, SPREAD))).toBeLessThanOrEqual(1))
    expect(largestDifference(accepted.layers[0]!, accepted.layers[1]!)).toBeGreaterThan(20)

    expect(await candidateSeeds()).toEqual([8])
    await strip().getByRole('button', { name: 'Discard', exact: true }).click()
    await strip().waitFor({ state: 'detached' })
    const after = project()
    expect([after.head, after.versions, after.layers.length]).toEqual([accepted.head, accepted.versions, 2])
    // Buffer.equals: a deep equality over megabytes of pixels takes vitest most of a minute.
    expect(after.layers.every((rgba, i) => rgba.equals(accepted.layers[i]!))).toBe(true)
  })

  it('shows a flagged result blurred and commits nothing until the user reveals and accepts it', async () => {
    await page.getByLabel('Model pack').selectOption('z-image-flagging')
    await page.getByLabel('Batch size').fill('1')
    const before = project()
    await page.getByRole('button', { name: 'Generate', exact: true }).click()
    const candidate = strip().locator('li[data-flagged]')
    await candidate.waitFor()
    // Main sent only a blurred preview (the integration tests measure its bytes); the strip marks it so.
    expect(await candidate.getAttribute('data-blurred')).toBe('true')
    const blurredSrc = await candidate.locator('img').getAttribute('src')
    expect(await candidate.getByText('Flagged by the safety checker').isVisible()).toBe(true)
    expect(await candidate.getByRole('button', { name: 'Accept' }).count()).toBe(0)
    await page.getByTestId('status').filter({ hasText: 'Ready' }).waitFor()
    expect(project()).toMatchObject({ head: before.head, versions: before.versions })

    await candidate.getByRole('button', { name: 'Reveal' }).click()
    await candidate.getByRole('button', { name: 'Accept' }).waitFor()
    expect(await candidate.getAttribute('data-blurred')).toBeNull()
    expect(await candidate.locator('img').getAttribute('src')).not.toBe(blurredSrc)
    await candidate.getByRole('button', { name: 'Accept' }).click()
    expect(await historyOperations(page, 4)).toEqual(['Generate', 'Generate', 'Generate', 'Open'])
  })

  it('saves the parameters as a preset in the user-data folder, applies it in one choice, and deletes it', async () => {
    await page.getByLabel('Model pack').selectOption('z-image-gaussian')
    await page.getByLabel('Steps').fill('12')
    await page.getByLabel('Guidance').fill('2')
    await page.getByLabel('Negative prompt').fill('blurry')
    await page.getByLabel('Preset name').fill('Gaussian draft')
    await page.getByRole('button', { name: 'Save preset' }).click()
    await page.getByLabel('Preset', { exact: true }).locator('option', { hasText: 'Gaussian draft' }).waitFor({ state: 'attached' })
    const saved = JSON.parse(await readFile(join(session.app.dataDir, 'generation-presets.json'), 'utf8'))
    expect(saved.presets).toEqual([
      { name: 'Gaussian draft', family: 'z-image', packId: 'z-image-gaussian', variant: 'turbo', steps: 12, guidance: 2, negativePrompt: 'blurry', strength: 0.7, size: { width: WIDTH, height: HEIGHT } },
    ])

    await page.getByLabel('Model pack').selectOption('z-image-flagging')
    await page.getByLabel('Steps').fill('3')
    await page.getByLabel('Width').fill('512')
    await page.getByLabel('Negative prompt').fill('')
    await page.getByLabel('Preset', { exact: true }).selectOption('')
    await page.getByLabel('Preset', { exact: true }).selectOption('Gaussian draft')
    expect(await page.getByLabel('Model pack').inputValue()).toBe('z-image-gaussian')
    expect([await page.getByLabel('Steps').inputValue(), await page.getByLabel('Width').inputValue(), await page.getByLabel('Negative prompt').inputValue()]).toEqual(['12', String(WIDTH), 'blurry'])

    await page.getByRole('button', { name: 'Delete preset' }).click()
    await page.getByLabel('Preset', { exact: true }).locator('option', { hasText: 'Gaussian draft' }).waitFor({ state: 'detached' })
    expect(JSON.parse(await readFile(join(session.app.dataDir, 'generation-presets.json'), 'utf8'))).toEqual({ presets: [] })
  })

  it('generates over the selection’s bounds when there is a selection: one layer, opaque there and clear elsewhere', async () => {
    await page.getByLabel('Model pack').selectOption('z-image-gaussian')
    await page.getByLabel('Width').fill('')
    await page.getByLabel('Height').fill('')
    // Out of the text field, so M picks the marquee instead of typing.
    await page.getByLabel('Height').blur()
    await page.keyboard.press('m')
    await drawStroke(page, [[200, 100], [300, 150], [400, 250]])
    await page.getByRole('button', { name: 'Generate', exact: true }).click()
    expect(await historyOperations(page, 5)).toEqual(['Generate', 'Generate', 'Generate', 'Generate', 'Open'])
    const store = ProjectStore.open(join(session.app.dataDir, 'projects', 'kodim03.zproj'), { readOnly: true })
    try {
      const region = store.version(store.head).params.region as { x: number; y: number; width: number; height: number }
      ;[region.x, region.y, region.x + region.width, region.y + region.height].forEach((edge, i) => expect(Math.abs(edge - [200, 100, 400, 250][i]!)).toBeLessThanOrEqual(1))
      const layer = store.readLayer(store.head, store.layers().at(-1)!.id).rgba
      let [opaqueInside, paintedOutside] = [0, 0]
      for (let i = 0; i < WIDTH * HEIGHT; i++) {
        const [x, y] = [i % WIDTH, Math.floor(i / WIDTH)]
        const inside = x >= region.x && y >= region.y && x < region.x + region.width && y < region.y + region.height
        if (inside && layer[i * 4 + 3] === 255) opaqueInside++
        if (!inside && layer[i * 4 + 3] !== 0) paintedOutside++
      }
      expect([opaqueInside, paintedOutside]).toEqual([region.width * region.height, 0])
    } finally {
      store.close()
    }
  })
  it('previews the candidate shown on the canvas: → steps to the next, Enter accepts the one shown, Delete discards the rest', async () => {
    await page.keyboard.press('Control+d')
    await page.getByLabel('Model pack').selectOption('z-image-gaussian')
    await page.getByLabel('Seed', { exact: true }).selectOption('increment')
    // The pack's own sampling (the preset test left others), which the oracle's answer assumes.
    for (const field of ['Steps', 'Guidance', 'Negative prompt']) await page.getByLabel(field).fill('')
    await page.getByLabel('Width').fill(String(WIDTH))
    await page.getByLabel('Height').fill(String(HEIGHT))
    await page.getByLabel('Batch size').fill('2')
    await page.getByLabel('Seed value').fill('30')
    const before = project()
    const oracle = [30, 31].map((seed) => gaussianImage(['a', 'red', 'sofa'], seed, WIDTH, HEIGHT, SPREAD))
    // Points where the two candidates differ clearly, so the canvas can only match the one it shows.
    const points: [number, number][] = []
    for (let i = 0; points.length < 4; i += 7919) {
      const at = (i * 4) % (WIDTH * HEIGHT * 4)
      if (Math.abs(oracle[0]![at]! - oracle[1]![at]!) > 40) points.push([(at / 4) % WIDTH, Math.floor(at / 4 / WIDTH)])
    }
    const view = await canvasView(page)
    const showsCandidate = async (index: number) => {
      for (const [x, y] of points) {
        const pixel = await canvasPixel(page, Math.floor(view.x + (x + 0.5) * view.zoom), Math.floor(view.y + (y + 0.5) * view.zoom))
        const expected = oracle[index]!.subarray((y * WIDTH + x) * 4, (y * WIDTH + x) * 4 + 3)
        if (pixel.slice(0, 3).some((v, c) => Math.abs(v - expected[c]!) > 1)) return false
      }
      return true
    }

    await page.getByRole('button', { name: 'Generate', exact: true }).click()
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=staging] li').length === 2)
    await expect.poll(() => showsCandidate(0), { timeout: 10_000 }).toBe(true)
    expect(await strip().locator('li[aria-current]').getAttribute('data-seed')).toBe('30')
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => showsCandidate(1), { timeout: 10_000 }).toBe(true)
    expect(await strip().locator('li[aria-current]').getAttribute('data-seed')).toBe('31')
    expect(project()).toMatchObject({ head: before.head, versions: before.versions })

    await page.keyboard.press('Enter')
    await strip().locator('li[data-seed="31"]').waitFor({ state: 'detached' })
    await historyOperations(page, before.versions + 1)
    const accepted = project()
    expect(accepted.versions).toBe(before.versions + 1)
    const store = ProjectStore.open(join(session.app.dataDir, 'projects', 'kodim03.zproj'), { readOnly: true })
    try {
      expect(store.version(store.head)).toMatchObject({ operation: 'generate', seed: 31 })
    } finally {
      store.close()
    }
    expect(largestDifference(accepted.layers.at(-1)!, oracle[1]!)).toBeLessThanOrEqual(1)

    // The one left is shown now; Delete discards it and the document stays as accepted.
    await expect.poll(() => showsCandidate(0), { timeout: 10_000 }).toBe(true)
    await page.keyboard.press('Delete')
    await strip().waitFor({ state: 'detached' })
    expect(project()).toMatchObject({ head: accepted.head, versions: accepted.versions })
  })
})
