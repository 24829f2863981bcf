/**
 * Editing a drag before it is applied, on a Kodak photo in Chromium: handles and targets moved and removed, Escape,
 * the three MLS modes, the editable region, and the fold-over overlay. Each check reads the preview on the canvas
 * or the exported document, so it fails if the feature stops working, not only if its state does.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { solveWarp } from '../../src-shared/warp'
import { kodakRgba } from '../fixtures/images'
import { PINS, RESAMPLING, WIDTH, canvasPatch, difference, dragState, patch, waitForDrag } from './dragPage'
import { drawStroke, exportedPixels, historyOperations, showKodakAtActualPixels } from './page'
import { openEditor, type EditorSession } from './webApp'

describe('editing a drag before applying it (web mode, Chromium)', () => {
  let session: EditorSession
  let page: Page
  let original: Buffer

  beforeAll(async () => {
    original = await kodakRgba(3)
    session = await openEditor()
    page = session.page
    await showKodakAtActualPixels(page, 3)
    await page.keyboard.press('d')
  })
  afterAll(() => session?.close())
  // Each case starts from no drag, whatever the one before it left.
  beforeEach(async () => {
    if ((await dragState(page)).pairs.length === 0) return
    await page.keyboard.press('Escape')
    await waitForDrag(page, (d) => d.pairs.length === 0)
  })

  const click = (x: number, y: number, modifier?: 'Shift' | 'Alt') => clickWith(page, [x, y], modifier)
  const pinCorners = async () => {
    for (const [x, y] of PINS) await click(x, y, 'Shift')
  }
  /** Does the canvas show, beside document point `to`, what the original had beside `from`? (Clear of the ring drawn on `to`.) */
  const showsMoved = async (from: readonly [number, number], to: readonly [number, number]) => {
    let worst = 0
    for (const dy of [-12, 12]) worst = Math.max(worst, difference(await canvasPatch(page, to[0], to[1] + dy), patch(original, WIDTH, from[0], from[1] + dy)))
    return worst
  }

  it('moves a target and a handle already placed, re-solving the preview, and Alt-click removes a pair', async () => {
    await pinCorners()
    await drawStroke(page, [[300, 250], [340, 250]])
    await drawStroke(page, [[520, 330], [540, 350]])
    let drag = await waitForDrag(page, (d) => d.pairs.length === 2 && d.previewed)
    expect(drag.renderer).toBe('webgl')
    expect(await showsMoved([300, 250], [340, 250])).toBeLessThan(RESAMPLING)

    // Picking up the first target carries it: the content follows to its new place.
    await drawStroke(page, [[340, 250], [350, 262]])
    // Picking up the second handle moves where that pair starts.
    await drawStroke(page, [[520, 330], [500, 320]])
    drag = await waitForDrag(page, (d) => d.pairs[0]!.target.x === 350 && d.pairs[1]!.handle.x === 500)
    expect(drag.pairs).toEqual([
      { handle: { x: 300, y: 250 }, target: { x: 350, y: 262 } },
      { handle: { x: 500, y: 320 }, target: { x: 540, y: 350 } },
    ])
    expect(await showsMoved([300, 250], [350, 262])).toBeLessThan(RESAMPLING)
    expect(await showsMoved([500, 320], [540, 350])).toBeLessThan(RESAMPLING)

    // Alt-click on the first pair's target removes that pair; the second still moves its content.
    const carried = difference(await canvasPatch(page, 350, 250), patch(original, WIDTH, 350, 250))
    await click(350, 262, 'Alt')
    drag = await waitForDrag(page, (d) => d.pairs.length === 1)
    expect(drag.pairs).toEqual([{ handle: { x: 500, y: 320 }, target: { x: 540, y: 350 } }])
    expect(drag.pins).toHaveLength(PINS.length)
    // Where the removed pair's content had been carried, the photo is back as it was (but for the other pair's slight pull).
    const restored = difference(await canvasPatch(page, 350, 250), patch(original, WIDTH, 350, 250))
    expect(restored).toBeLessThan(RESAMPLING / 2)
    expect(carried).toBeGreaterThan(restored + RESAMPLING)
    expect(await showsMoved([500, 320], [540, 350])).toBeLessThan(RESAMPLING)
  })

  it('Escape clears the drag: no handles, no pins, the photo shown as it is', async () => {
    await pinCorners()
    await drawStroke(page, [[520, 330], [540, 350]])
    await waitForDrag(page, (d) => d.pairs.length === 1 && d.previewed)
    await page.keyboard.press('Escape')
    const drag = await waitForDrag(page, (d) => d.pairs.length === 0 && !d.previewed)
    expect(drag.pins).toEqual([])
    expect(difference(await canvasPatch(page, 540, 338), patch(original, WIDTH, 540, 338))).toBeLessThan(1)
    await expect(page.getByRole('button', { name: 'Apply', exact: true }).isDisabled()).resolves.toBe(true)
  })

  it('rigid, similarity and affine each deform the photo their own way', async () => {
    await pinCorners()
    // Three handles pulled apart sideways and squeezed vertically: similarity scales where rigid cannot, and
    // only affine can stretch one way and not the other.
    const pairs = [
      [[300, 220], [250, 235]],
      [[420, 220], [470, 235]],
      [[360, 300], [360, 280]],
    ] as const
    for (const [handle, target] of pairs) await drawStroke(page, [[...handle], [...target]])
    const shown: Record<string, number[]> = {}
    for (const mode of ['rigid', 'similarity', 'affine'] as const) {
      await page.locator('.optionsbar select').selectOption(mode)
      await waitForDrag(page, (d) => d.mode === mode && d.pairs.length === 3 && d.previewed)
      await page.waitForTimeout(100)
      shown[mode] = await canvasPatch(page, 360, 190, 12)
    }
    expect(difference(shown.rigid!, shown.similarity!)).toBeGreaterThan(2)
    expect(difference(shown.similarity!, shown.affine!)).toBeGreaterThan(2)
    expect(difference(shown.rigid!, shown.affine!)).toBeGreaterThan(2)
    await page.locator('.optionsbar select').selectOption('rigid')
  })

  it('marks where a drag folds the photo over itself, and limits it', async () => {
    await pinCorners()
    // Two handles dragged past each other: the strip between them would have to turn over.
    await drawStroke(page, [[300, 250], [380, 250]])
    await drawStroke(page, [[360, 250], [280, 250]])
    const drag = await waitForDrag(page, (d) => d.pairs.length === 2 && (d.folded ?? 0) > 0)
    expect(drag.limitFactor).toBeGreaterThan(0)
    expect(drag.limitFactor).toBeLessThan(1)
    await expect(page.getByText('The drag folds the picture over itself').isVisible()).resolves.toBe(true)
    // The preview solved the drag as apply will: the same cells fold as in the shared solver run here.
    const { foldedCells } = solveWarp({ handles: [{ x: 300, y: 250 }, { x: 360, y: 250 }], targets: [{ x: 380, y: 250 }, { x: 280, y: 250 }], pins: PINS.map(([x, y]) => ({ x, y })), mode: 'rigid' }, { width: WIDTH, height: 512 })
    expect(drag.folded).toBe(foldedCells.length)
    // Each red cell is a translucent red over the photo: every pixel in it is at least 45% of the way to it.
    // Read clear of the arrows (along y = 250) and the rings and dots on the handles and targets.
    const cell = foldedCells.find((c) => [280, 300, 360, 380].every((x) => Math.abs(c.x + 8 - x) > 12) && Math.abs(c.y + 3 - 250) >= 7)!
    const inCell = await canvasPatch(page, cell.x + 8, cell.y + 3, 2)
    const reddened = (values: number[]) => values.every((value, i) => (i % 3 === 0 ? value >= 0.45 * 229 - 1 : value <= 0.55 * 255 + 0.45 * (i % 3 === 1 ? 83 : 75) + 1))
    expect(reddened(inCell)).toBe(true)
    // ... which the photo there alone is not.
    expect(reddened(patch(original, WIDTH, cell.x + 8, cell.y + 3, 2))).toBe(false)

    // Alt-clicking one of the pairs away ends the fold, and the overlay with it.
    await click(280, 250, 'Alt')
    // (The preview catches up on the next frame: wait for it, and fail with the state it kept if it never does.)
    const unfolded = await waitForDrag(page, (d) => d.pairs.length === 1 && d.folded === 0)
    expect(unfolded.limitFactor).toBe(1)
  })

  it('limited to the mask, nothing outside the selection moves, in the preview and at full size', async () => {
    // One pair and no pins: not limited to the mask, all within the drag's radius slides along with it (a radius
    // wide enough to take the whole photo, here).
    await page.keyboard.press('m')
    await drawStroke(page, [[230, 170], [420, 340]])
    await page.keyboard.press('d')
    await page.getByLabel('Radius').fill('5000')
    await page.keyboard.press('Escape')
    // Short enough that the region's 32-pixel feathered edge does not fold (a longer one is limited: see above).
    await drawStroke(page, [[320, 250], [336, 256]])
    await waitForDrag(page, (d) => d.pairs.length === 1 && d.previewed)
    const outside = [600, 250] as const
    expect(await showsMoved([584, 244], outside)).toBeLessThan(RESAMPLING)

    await page.getByLabel('Limit to the mask').check()
    await page.getByLabel('Fill uncovered area').uncheck()
    await page.waitForTimeout(300)
    expect(await waitForDrag(page, (d) => d.previewed)).toMatchObject({ folded: 0, limitFactor: 1 })
    expect(difference(await canvasPatch(page, ...outside), patch(original, WIDTH, ...outside))).toBeLessThan(1)

    await page.getByRole('button', { name: 'Apply', exact: true }).click()
    expect(await historyOperations(page, 2)).toEqual(['Drag to deform', 'Open'])
    await waitForDrag(page, (d) => d.pairs.length === 0)
    const warped = await exportedPixels(page)
    // Bit-identical outside the selected box; the content inside moved to its target.
    for (let y = 0; y < 512; y++) {
      for (let x = 0; x < WIDTH; x++) {
        if (x >= 230 && x < 420 && y >= 170 && y < 340) continue
        const i = (y * WIDTH + x) * 4
        if (warped.readUInt32LE(i) !== original.readUInt32LE(i)) expect.fail(`pixel (${x}, ${y}) outside the selection changed`)
      }
    }
    expect(difference(patch(warped, WIDTH, 336, 256), patch(original, WIDTH, 320, 250))).toBeLessThan(RESAMPLING)
  })

  // Last: the mask it paints stays in the document.
  it('the GPU preview covers only the dragged layer: the mask painted over the photo still shows over it', async () => {
    // (Deselected first: the case before leaves a selection, which would clip the mask brush.)
    await page.keyboard.press('Control+d')
    await page.keyboard.press('q')
    await drawStroke(page, [[70, 418], [120, 418]])
    await page.keyboard.press('d')
    // Beside a pin, where the drag moves nothing, clear of the pin's mark.
    const masked = [98, 416] as const
    // The stroke shows once the stage has drawn it, which on a loaded machine is a frame or more after the key.
    await expect.poll(async () => difference(await canvasPatch(page, ...masked), patch(original, WIDTH, ...masked)), { timeout: 10_000 }).toBeGreaterThan(3 * RESAMPLING)
    const tinted = await canvasPatch(page, ...masked)
    await pinCorners()
    await drawStroke(page, [[520, 330], [540, 350]])
    expect(await waitForDrag(page, (d) => d.pairs.length === 1 && d.previewed)).toMatchObject({ renderer: 'webgl' })
    expect(difference(await canvasPatch(page, ...masked), tinted)).toBeLessThan(RESAMPLING / 4)
  })
})

async function clickWith(page: Page, point: [number, number], modifier?: 'Shift' | 'Alt'): Promise<void> {
  if (modifier) await page.keyboard.down(modifier)
  await drawStroke(page, [point])
  if (modifier) await page.keyboard.up(modifier)
}
