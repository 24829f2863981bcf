/**
 * Issue 13 in the UI: a new user gets real models from AI › Model manager. A local server answers like the Hub
 * over oracle graphs in the public repos' exact layouts; the app is pointed at it through the manager's own Hub
 * settings, installs from the catalog with one click, and the installed packs run Generate and Remove.
 */
import { mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src-main/documents/project'
import { startFakeHub, type FakeHub } from '../fixtures/hub/fakeHub'
import { carveLama, miganRepo, tongyiZImageTurbo, webnnZImageTurbo } from '../fixtures/hub/publicRepos'
import { kodakRgba } from '../fixtures/images'
import { scratchFolder } from '../fixtures/oracle'
import { decodedColour, zImageTarget } from '../integration/generation/oracleAnswers'
import { drawStroke, exportedPixels, historyOperations, showKodakAtActualPixels } from './page'
import { openEditor, type EditorSession } from './webApp'

/** What the oracle Z-Image paints for "a red sofa", whatever the seed (model-packs.md, point target). */
const ORACLE_COLOUR = decodedColour(zImageTarget(['a', 'red', 'sofa']), 0.3611, 0.1159)
const WIDTH = 768

describe('getting models from the Model manager’s catalog (web mode, Chromium, a local Hub)', () => {
  let session: EditorSession
  let page: Page
  let hub: FakeHub
  let scratch: Awaited<ReturnType<typeof scratchFolder>>
  /** Where the screenshots go, to be looked at (E2E_SCREENSHOTS keeps them). */
  let screens: string

  beforeAll(async () => {
    scratch = await scratchFolder('e2e-model-catalog')
    screens = process.env.E2E_SCREENSHOTS ?? (await mkdtemp(join(tmpdir(), 'model-catalog-screens-')))
    await mkdir(screens, { recursive: true })
    // A slow line (about 3 MB/s) and a 6 MB transformer, so the download's progress can be watched.
    hub = await startFakeHub({ repos: [webnnZImageTurbo({ ballast: 1_500_000 }), tongyiZImageTurbo(), carveLama(), miganRepo()], bytesPerSecond: 3_000_000 })
    // The user's own Hugging Face cache is never read, and no endpoint comes from the environment: the UI sets it.
    process.env.HF_HUB_CACHE = join(scratch.path, 'hf-cache')
    delete process.env.HF_ENDPOINT
    session = await openEditor(join(scratch.path, 'data'))
    page = session.page
  })
  afterAll(async () => {
    await session?.close()
    await hub?.close()
    delete process.env.HF_HUB_CACHE
    await scratch?.remove()
  })

  const dialog = () => page.getByRole('dialog', { name: 'Model manager' })
  const packRow = (name: RegExp) => page.getByTestId('packs').getByRole('row', { name })
  async function openManager(): Promise<void> {
    await page.getByRole('button', { name: 'AI', exact: true }).click()
    await page.locator('[data-action="ai.models"]').click()
    await dialog().waitFor()
  }
  function project<T>(file: string, read: (store: ProjectStore) => T): T {
    const store = ProjectStore.open(join(session.app.dataDir, 'projects', file), { readOnly: true })
    try {
      return read(store)
    } finally {
      store.close()
    }
  }

  it('with no pack, the prompt panel says what Generate needs and opens the manager, which says what each feature needs', async () => {
    await showKodakAtActualPixels(page, 3)
    const panel = page.getByRole('region', { name: 'Prompt' })
    await expect(panel.getByRole('button', { name: 'Generate', exact: true }).isDisabled()).resolves.toBe(true)
    expect(await panel.getByTestId('feature-gaps').textContent()).toContain('Generate, Edit, Inpaint, and Outpaint need a Z-Image or Stable Diffusion pack.')
    expect(await page.getByTestId('remove-models').textContent()).toContain('LaMa or MI-GAN')

    await panel.getByRole('button', { name: 'Open Model manager' }).click()
    await dialog().waitFor()
    const needs = await dialog().getByTestId('needs').textContent()
    expect(needs).toContain('Generate: a Z-Image or Stable Diffusion pack.')
    expect(needs).toContain('Pick a pack from the catalog below')
    await page.keyboard.press('Escape')
    await dialog().waitFor({ state: 'detached' })
  })

  it('points the app at the Hub through the Hub settings, installs Z-Image Turbo from the catalog with progress, and lists it as enabling Generate and lacking Edit', async () => {
    await openManager()
    await dialog().getByTestId('hub-settings').locator('summary').click()
    await dialog().getByLabel('Endpoint').fill(hub.url)
    await dialog().getByTestId('hub-settings').getByRole('button', { name: 'Save' }).click()
    await dialog().getByTestId('hub-settings').locator('summary', { hasText: `${hub.url} · no token` }).waitFor()

    const entry = dialog().getByTestId('catalog').getByRole('row', { name: /Z-Image Turbo/ })
    expect(await entry.locator('.chip.enables').allTextContents()).toEqual(['Generate'])
    expect(await entry.locator('.chip.lacks').allTextContents()).toEqual(['Edit (VAE encoder)', 'Inpaint (VAE encoder)', 'Outpaint (VAE encoder)'])
    await entry.getByRole('button', { name: 'Install' }).click()

    // Progress: a bar part-way, what it is doing to which file, the rate and the time left.
    // A failure shows in the manager's alert: waiting stops there, so the test says what main answered.
    await page.waitForFunction(() => {
      const bar = document.querySelector<HTMLProgressElement>('[data-testid=install-progress]')
      return document.querySelector('[role=dialog] [role=alert]') !== null || (bar !== null && bar.value > 0 && bar.value < bar.max)
    })
    await expect(dialog().getByRole('alert').count()).resolves.toBe(0)
    expect(await dialog().locator('.install-progress').textContent()).toMatch(/^Z-Image Turbo \(q4f16\)Downloading onnx\/\S+: [\d.]+ [KM]?B of [\d.]+ MB · [\d.]+ [KM]?B\/s · ((\d+ min )?\d+ s left|time left unknown)Cancel$/)
    await page.screenshot({ path: join(screens, 'installing.png') })

    const row = packRow(/Z-Image Turbo/)
    await row.waitFor({ timeout: 60_000 })
    await expect(dialog().getByTestId('install-progress').count()).resolves.toBe(0)
    expect(await row.locator('.chip.enables').allTextContents()).toEqual(['Generate'])
    expect(await row.locator('.chip.lacks').allTextContents()).toEqual(['Edit (VAE encoder)', 'Inpaint (VAE encoder)', 'Outpaint (VAE encoder)'])
    expect(await row.locator('form.lack p').textContent()).toBe(
      'Edit, Inpaint, and Outpaint need a VAE encoder. Z-Image uses the FLUX.1 VAE (16 channels). Add one from a Hub repo:',
    )
    await row.getByLabel('Hub repo with a VAE encoder').waitFor()
    expect(await entry.textContent()).toContain('Installed')
    expect(await dialog().getByRole('status').textContent()).toContain('Installed Z-Image Turbo (q4f16).')
    // The files came from the endpoint saved in the UI.
    expect(hub.requests.some((request) => request.path.includes('webnn/Z-Image-Turbo'))).toBe(true)
    await page.screenshot({ path: join(screens, 'model-manager.png') })
  })

  it('asking for the missing VAE encoder from a repo that has none says so in the manager, and changes nothing', async () => {
    const row = packRow(/Z-Image Turbo/)
    await row.getByLabel('Hub repo with a VAE encoder').fill('Carve/LaMa-ONNX')
    await row.getByRole('button', { name: 'Add' }).click()
    const alert = dialog().getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toContain('Carve/LaMa-ONNX has no VAE encoder in a layout the editor knows')
    expect(await row.locator('.chip.enables').allTextContents()).toEqual(['Generate'])
    await alert.getByRole('button', { name: 'Hide this message' }).click()
  })

  it('generates over a selection with the installed pack: the new layer has the oracle’s colour; Edit stays off, saying why', async () => {
    await page.keyboard.press('Escape')
    await dialog().waitFor({ state: 'detached' })
    const panel = page.getByRole('region', { name: 'Prompt' })
    await expect(panel.getByRole('button', { name: 'Edit', exact: true }).isDisabled()).resolves.toBe(true)
    expect(await panel.getByTestId('feature-gaps').textContent()).toContain('Edit, Inpaint, and Outpaint need a VAE encoder, which Z-Image Turbo (q4f16) lacks. Z-Image uses the FLUX.1 VAE (16 channels).')

    await page.keyboard.press('m')
    await drawStroke(page, [[64, 64], [200, 200], [320, 320]])
    await panel.getByLabel('Instruction').fill('a red sofa')
    await panel.getByRole('button', { name: 'Generate', exact: true }).click()
    expect((await historyOperations(page, 2))[0]).toBe('Generate')

    const [inside, outside] = project('kodim03.zproj', (store) => {
      const layer = store.layers().at(-1)!
      expect(layer.id).toMatch(/^generated-/)
      return [store.readRegion(store.head, layer.id, { x: 192, y: 192, width: 1, height: 1 }).rgba, store.readRegion(store.head, layer.id, { x: 10, y: 10, width: 1, height: 1 }).rgba]
    })
    expect([...inside!]).toEqual([...ORACLE_COLOUR, 255])
    expect(outside![3]).toBe(0)
  })

  it('installs LaMa from the catalog and removes a masked object with it: only the hole changes', async () => {
    await openManager()
    await dialog().getByTestId('catalog').getByRole('row', { name: /LaMa/ }).getByRole('button', { name: 'Install' }).click()
    const row = packRow(/LaMa \(object removal\)/)
    await row.waitFor({ timeout: 60_000 })
    expect(await row.locator('.chip.enables').allTextContents()).toEqual(['Remove'])
    await expect(row.locator('.chip.lacks').count()).resolves.toBe(0)
    await page.keyboard.press('Escape')
    await dialog().waitFor({ state: 'detached' })

    const original = await kodakRgba(1)
    await showKodakAtActualPixels(page, 1)
    await page.keyboard.press('q')
    await page.locator('.optionsbar input[type=range]').first().fill('50')
    await drawStroke(page, [[300, 300], [340, 310], [380, 320]])
    await historyOperations(page, 3)
    await expect(page.getByTestId('remove-models').count()).resolves.toBe(0)
    await page.getByLabel('Removal engine').selectOption({ label: 'LaMa (object removal)' })
    await page.getByRole('button', { name: 'Remove', exact: true }).click()
    expect(await historyOperations(page, 4)).toEqual(['Remove object', 'Mask stroke', 'New layer', 'Open'])
    const after = await exportedPixels(page)

    const coverage = project('kodim01.zproj', (store) => store.readLayer(store.head, store.layers().find((l) => l.kind === 'mask')!.id).rgba)
    const near = (x: number, y: number) => {
      for (let dy = -5; dy <= 5; dy++) for (let dx = -5; dx <= 5; dx++) if (coverage[((y + dy) * WIDTH + x + dx) * 4 + 3]! > 0) return true
      return false
    }
    let changedFar = 0
    let changedInside = 0
    for (let y = 5; y < 507; y++) {
      for (let x = 5; x < WIDTH - 5; x++) {
        const i = (y * WIDTH + x) * 4
        const changed = after.readUInt32BE(i) !== original.readUInt32BE(i)
        if (changed && !near(x, y)) changedFar++
        if (changed && coverage[i + 3] === 255) changedInside++
      }
    }
    expect(changedFar).toBe(0)
    expect(changedInside).toBeGreaterThan(2000)
    expect(project('kodim01.zproj', (store) => store.version(store.head).params)).toMatchObject({ engine: 'carve--lama-onnx' })
  })

  it('installs a Hub repo typed by its id into the one field, saying first what the field will do', async () => {
    await openManager()
    const box = dialog().getByTestId('install-box')
    await box.getByLabel('Install from a folder or URL, or a Hub repo').fill('andraniksargsyan/migan')
    expect(await box.getByTestId('install-kind').textContent()).toBe('Installs the Hub repo andraniksargsyan/migan')
    await box.getByLabel('Install from a folder or URL, or a Hub repo').fill('/nowhere/pack')
    expect(await box.getByTestId('install-kind').textContent()).toContain('Installs the folder /nowhere/pack')
    await box.getByLabel('Install from a folder or URL, or a Hub repo').fill('andraniksargsyan/migan')
    await box.getByRole('button', { name: 'Install' }).click()
    await packRow(/MI-GAN/).waitFor({ timeout: 60_000 })
    expect(await packRow(/MI-GAN/).locator('.chip.enables').allTextContents()).toEqual(['Remove'])
  })

  it('in Chinese, the manager shows the catalog and each pack’s enables and lacks in Chinese', async () => {
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Help' }).click()
    await page.locator('[data-action="help.language"]').click()
    await page.getByRole('button', { name: 'AI', exact: true }).click()
    await page.locator('[data-action="ai.models"]').click()
    const zh = page.getByRole('dialog', { name: '模型管理' })
    await zh.waitFor()
    await zh.getByRole('heading', { name: '模型目录' }).waitFor()
    const entry = zh.getByTestId('catalog').getByRole('row', { name: /Z-Image Turbo/ })
    expect(await entry.locator('.chip.enables').allTextContents()).toEqual(['生成'])
    expect(await entry.locator('.chip.lacks').allTextContents()).toEqual(['编辑 (VAE 编码器)', '局部重绘 (VAE 编码器)', '外扩绘制 (VAE 编码器)'])
    expect(await entry.textContent()).toContain('已安装')
    const row = zh.getByTestId('packs').getByRole('row', { name: /Z-Image Turbo/ })
    expect(await row.locator('form.lack p').textContent()).toBe('编辑、局部重绘和外扩绘制需要 VAE 编码器。Z-Image 使用 FLUX.1 的 VAE（16 通道）。从 Hub 仓库添加：')
    expect(await zh.getByTestId('packs').getByRole('row', { name: /LaMa/ }).locator('.chip.enables').allTextContents()).toEqual(['移除物体'])
    await page.screenshot({ path: join(screens, 'model-manager-zh.png') })
  })
})
