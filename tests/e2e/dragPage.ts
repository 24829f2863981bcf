import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { canvasView } from './page'

/** What the drag-to-deform end-to-end files read from the editor's page. */

export const WIDTH = 768
/** Mean absolute difference per channel a moved patch may keep from the original: resampling, not content. */
export const RESAMPLING = 12
export const PINS = [[80, 80], [690, 80], [80, 430], [690, 430]] as const

/** The RGB values of the (2r + 1)² patch around (x, y) of an RGBA image `width` pixels wide. */
export function patch(rgba: ArrayLike<number>, width: number, x: number, y: number, r = 3): number[] {
  const values: number[] = []
  for (let row = y - r; row <= y + r; row++) for (let column = x - r; column <= x + r; column++) for (let c = 0; c < 3; c++) values.push(rgba[(row * width + column) * 4 + c]!)
  return values
}

export const difference = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + Math.abs(value - b[i]!), 0) / a.length

/**
 * The patch of what the canvas shows over document pixel (x, y), at 100%, read off a screenshot: the stage, the
 * drag preview's own canvas over it and the drag's marks above that, composited by the browser as the user sees them.
 */
export async function canvasPatch(page: Page, x: number, y: number, r = 3): Promise<number[]> {
  const view = await canvasView(page)
  const box = (await page.getByTestId('canvas').boundingBox())!
  const side = 2 * r + 1
  const clip = { x: Math.round(box.x + view.x + x - r), y: Math.round(box.y + view.y + y - r), width: side, height: side }
  const { data } = await sharp(await page.screenshot({ clip })).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  return patch(data, side, r, r, r)
}

export interface DragAttribute {
  pairs: { handle: { x: number; y: number }; target: { x: number; y: number } }[]
  pins: { x: number; y: number }[]
  mode: string
  previewed: boolean
  folded?: number
  limitFactor?: number
  renderer?: 'webgl' | 'cpu'
  /** The preview's fraction of screen resolution: below 1 while a point moves. */
  resolution?: number
}

export async function dragState(page: Page): Promise<DragAttribute> {
  return JSON.parse((await page.getByTestId('canvas').getAttribute('data-drag'))!) as DragAttribute
}

/**
 * Polls the canvas's drag state until `test` holds and the preview, if any, is at screen resolution (it is drawn
 * on the next animation frame, coarser while a point moves and again once it rests), then lets Konva draw.
 */
export async function waitForDrag(page: Page, test: (drag: DragAttribute) => boolean): Promise<DragAttribute> {
  const until = Date.now() + 10_000
  const settled = (drag: DragAttribute) => test(drag) && (!drag.previewed || drag.resolution === 1)
  let drag = await dragState(page)
  while (!settled(drag)) {
    if (Date.now() > until) throw new Error(`The drag never reached the state wanted; it is ${JSON.stringify(drag)}`)
    await page.waitForTimeout(50)
    drag = await dragState(page)
  }
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  return drag
}
