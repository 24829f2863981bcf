import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { chromium, type Browser, type Page } from 'playwright-core'

/** The built app in web mode, started exactly as `npm run web` starts it, minus the browser. */
export interface WebApp {
  url: string
  dataDir: string
  process: ChildProcess
  stop(): Promise<void>
}

/** Starts web mode with its projects and settings in `dataDir` (a fresh temporary folder by default). */
export async function startWebApp(dataDir?: string): Promise<WebApp> {
  const folder = dataDir ?? mkdtempSync(join(tmpdir(), 'editor-e2e-'))
  const child = spawn(process.execPath, ['out/main/web.js', '--no-open', '--data-dir', folder], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`web mode exited with ${code} before it was ready`)))
    lines.on('line', (line) => {
      const found = /(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(line)
      if (found) resolve(found[1]!)
    })
  })
  return {
    url,
    dataDir: folder,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Debian's Chromium, headless, with nothing reaching out to the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

export interface EditorSession {
  browser: Browser
  app: WebApp
  page: Page
  close(): Promise<void>
}

/** Chromium on a fresh web-mode app (over `dataDir` when given), at the editor's start screen: where most end-to-end files begin. */
export async function openEditor(dataDir?: string): Promise<EditorSession> {
  const browser = await launchChromium()
  const app = await startWebApp(dataDir)
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 }, acceptDownloads: true })
  await page.goto(app.url)
  await page.getByText('Open a photo to start').waitFor()
  return {
    browser,
    app,
    page,
    close: async () => {
      await browser.close()
      await app.stop()
    },
  }
}
