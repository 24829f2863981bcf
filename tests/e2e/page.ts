import type { Page } from 'playwright-core'

/** What the end-to-end tests do on the editor's page, the way a user would. */

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
