import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, normalize } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildLamaPack, buildMiganPack, scratchFolder } from '../fixtures/oracle'
import { launchChromium, startWebApp, type WebApp } from './webApp'

/** Serves a pack folder slowly (about 1.5 s a file), so an install's progress can be watched. */
function slowPackServer(folder: string): Promise<Server> {
  const server = createServer(async (request, response) => {
    const file = normalize(join(folder, decodeURIComponent(new URL(request.url!, 'http://x').pathname)))
    const body = file.startsWith(folder) ? await readFile(file).catch(() => undefined) : undefined
    if (!body) return void response.writeHead(404).end()
    response.writeHead(200, { 'content-length': body.byteLength })
    const chunk = Math.max(1, Math.ceil(body.byteLength / 30))
    for (let offset = 0; offset < body.byteLength; offset += chunk) {
      response.write(body.subarray(offset, offset + chunk))
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    response.end()
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

describe('installing model packs from the model manager (web mode, Chromium)', () => {
  let browser: Browser
  let app: WebApp
  let page: Page
  let scratch: Awaited<ReturnType<typeof scratchFolder>>
  let server: Server

  beforeAll(async () => {
    scratch = await scratchFolder('e2e-packs')
    browser = await launchChromium()
    app = await startWebApp()
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(app.url)
    await page.getByRole('button', { name: 'AI' }).click()
    await page.locator('[data-action="ai.models"]').click()
    await page.getByRole('dialog', { name: 'Model manager' }).waitFor()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    server?.close()
    await scratch?.remove()
  })

  it('installs a pack from a folder and lists it', async () => {
    const folder = await buildLamaPack(join(scratch.path, 'lama'))
    await page.getByLabel('Install from a folder or URL').fill(folder)
    await page.getByTestId('install-box').getByRole('button', { name: 'Install' }).click()
    const row = page.getByTestId('packs').getByRole('row', { name: /LaMa \(oracle\)/ })
    await row.waitFor()
    expect(await row.textContent()).toContain('lama · default')
  })

  it('installs a pack from a URL on 127.0.0.1 with a progress bar that moves, then removes it', async () => {
    const folder = await buildMiganPack(join(scratch.path, 'migan'))
    server = await slowPackServer(folder)
    await page.getByLabel('Install from a folder or URL').fill(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
    await page.getByTestId('install-box').getByRole('button', { name: 'Install' }).click()
    const bar = page.getByTestId('install-progress')
    await bar.waitFor()
    await page.waitForFunction(() => {
      const progress = document.querySelector<HTMLProgressElement>('[data-testid=install-progress]')
      return progress !== null && progress.value > 0 && progress.value < progress.max
    })
    expect(await page.locator('.install-progress').textContent()).toMatch(/\/s · /)
    const row = page.getByTestId('packs').getByRole('row', { name: /MI-GAN \(oracle\)/ })
    await row.waitFor({ timeout: 30_000 })
    await expect(bar.count()).resolves.toBe(0)

    await row.getByRole('button', { name: 'Remove' }).click()
    await row.waitFor({ state: 'detached' })
  })

  it('lets the user run models on the CPU, and remembers it', async () => {
    const provider = page.getByLabel('Run models on')
    expect(await provider.inputValue()).toBe('auto')
    await provider.selectOption('cpu')
    await page.getByRole('dialog').getByRole('button', { name: 'Dismiss' }).click()
    await page.getByRole('button', { name: 'AI' }).click()
    await page.locator('[data-action="ai.models"]').click()
    await page.getByRole('dialog', { name: 'Model manager' }).waitFor()
    await page.waitForFunction(() => (document.querySelector('.runtime select') as HTMLSelectElement | null)?.value === 'cpu')
    expect(await page.getByTestId('packs').getByRole('row', { name: /LaMa \(oracle\)/ }).textContent()).toContain('not loaded')
  })

  it('says clearly when a folder is not a pack, and installs nothing', async () => {
    await page.getByLabel('Install from a folder or URL').fill(scratch.path)
    await page.getByTestId('install-box').getByRole('button', { name: 'Install' }).click()
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toMatch(/pack\.json/i)
    expect(await page.getByTestId('packs').getByRole('row').count()).toBe(2) // header and LaMa
  })
})
