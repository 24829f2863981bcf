import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { kodakPath } from '../fixtures/evalSet'

/** What the end-to-end tests do on the editor's page, the way a user would. */

/**
 * Opens a file through the editor's own File › Open path (Ctrl+O and the file chooser). On a loaded machine the
 * first key press can come before the page listens for it, so the shortcut is pressed again if no chooser opens.
 */
export async function openThroughMenu(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 5_000 }), page.keyboard.press('Control+O')])
      return await chooser.setFiles(file)
    } catch (error) {
      if (attempt === 3) throw error
    }
  }
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

/** Drags the mouse through document points (at the current view) with the button held: one stroke. */
export async function drawStroke(page: Page, points: [number, number][]): Promise<void> {
  const view = await canvasView(page)
  const box = (await page.getByTestId('canvas').boundingBox())!
  const toScreen = ([x, y]: [number, number]) => [box.x + view.x + x * view.zoom, box.y + view.y + y * view.zoom] as const
  await page.mouse.move(...toScreen(points[0]!))
  await page.mouse.down()
  for (const point of points.slice(1)) await page.mouse.move(...toScreen(point), { steps: 4 })
  await page.mouse.up()
}

/** The canvas pixel over document pixel (x, y) at the current view. */
export async function documentPixel(page: Page, x: number, y: number): Promise<number[]> {
  const view = await canvasView(page)
  return canvasPixel(page, Math.round(view.x + (x + 0.5) * view.zoom - 0.5), Math.round(view.y + (y + 0.5) * view.zoom - 0.5))
}

/** Waits until the history panel lists `count` versions, and answers their operations, newest first. */
export async function historyOperations(page: Page, count: number): Promise<string[]> {
  const items = page.getByTestId('history').locator('li')
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=history] li').length === n, count)
  return items.locator('.operation').allTextContents()
}

/** The document as File › Export as PNG writes it, decoded to RGBA, once the editor is idle. */
export async function exportedPixels(page: Page): Promise<Buffer> {
  await page.getByTestId('status').filter({ hasText: 'Ready' }).waitFor()
  await page.getByRole('button', { name: 'File' }).click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="file.export.png"]').click()])
  return (await sharp(await readFile((await download.path())!)).ensureAlpha().raw().toBuffer()) as Buffer
}

/** Opens a Kodak photo through File › Open, waits for it at its size, and shows it at 100% (canvas pixels = document pixels). */
export async function showKodakAtActualPixels(page: Page, index: number, size = '768×512'): Promise<void> {
  const name = `kodim${String(index).padStart(2, '0')}.png`
  await openThroughMenu(page, kodakPath(index))
  await page.getByText(`${name} · ${size}`).waitFor()
  await page.keyboard.press('Control+1')
}
