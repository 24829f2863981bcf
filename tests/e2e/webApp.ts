import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { chromium, type Browser, type Page } from 'playwright-core'

/** The built app in web mode, started exactly as `npm run web` starts it, minus the browser. */
export interface WebApp {
  url: string
  process: ChildProcess
  stop(): Promise<void>
}

export async function startWebApp(): Promise<WebApp> {
  const child = spawn(process.execPath, ['out/main/web.js', '--no-open'], { stdio: ['ignore', 'pipe', 'inherit'] })
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

/** Opens a file through the editor's own File › Open path (Ctrl+O and the file chooser). */
export async function openThroughMenu(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Control+O')])
  await chooser.setFiles(file)
}

/** The RGBA of the visible canvas at screen point (x, y), read from Konva's own canvas element. */
export function canvasPixel(page: Page, x: number, y: number): Promise<number[]> {
  return page.evaluate(
    ([px, py]) => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=canvas] canvas')!
      return [...canvas.getContext('2d')!.getImageData(px!, py!, 1, 1).data]
    },
    [x, y],
  )
}

export async function canvasView(page: Page): Promise<{ zoom: number; x: number; y: number }> {
  const canvas = page.getByTestId('canvas')
  const read = async (name: string) => Number(await canvas.getAttribute(`data-${name}`))
  return { zoom: await read('zoom'), x: await read('x'), y: await read('y') }
}

/** Fires a real drop or paste event on the page carrying a file, as the OS would deliver it. */
export function deliverFile(page: Page, how: 'drop' | 'paste', file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  return page.evaluate(
    ([how, name, mimeType, base64]) => {
      const bytes = Uint8Array.from(atob(base64!), (c) => c.charCodeAt(0))
      const transfer = new DataTransfer()
      transfer.items.add(new File([bytes], name!, { type: mimeType }))
      const event =
        how === 'drop'
          ? new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true })
          : new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true })
      document.querySelector('[data-testid=canvas]')!.dispatchEvent(event)
    },
    [how, file.name, file.mimeType, file.buffer.toString('base64')] as const,
  )
}
