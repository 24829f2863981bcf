/**
 * The canvas on a 6000×4000 document with 10 layers, in Chromium: frame times while panning and zooming against
 * a bare Konva stage holding one image of that size (same browser, same run), the time from a pointer move to
 * the stroke on screen, and whether a stroke shows before its version is committed.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { kodakPath } from '../tests/fixtures/evalSet'
import { launchChromium, startWebApp } from '../tests/e2e/webApp'
import { round } from './measure'

const WIDTH = 6000
const HEIGHT = 4000
const LAYERS = 10

export async function benchCanvas() {
  const file = join(await mkdtemp(join(tmpdir(), 'bench-canvas-')), 'large.jpg')
  await writeFile(file, await sharp(kodakPath(1)).resize(WIDTH, HEIGHT, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer())
  const browser = await launchChromium()
  const app = await startWebApp()
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(app.url)
    await page.getByText('Open a photo to start').waitFor()
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Control+O')])
    await chooser.setFiles(file)
    await page.getByText(`${WIDTH}×${HEIGHT}`).waitFor({ timeout: 180_000 })
    const settled = () => page.getByTestId('status').filter({ hasText: 'Ready' }).waitFor({ timeout: 180_000 })
    for (let i = 1; i < LAYERS; i++) {
      await page.getByRole('button', { name: 'New', exact: true }).click()
      await settled()
    }
    const editor = await panAndZoomFrames(page, '[data-testid=canvas]')
    const stroke = await strokeLatency(page)

    const bare = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await bare.setContent('<div id="stage" style="position:fixed;inset:0"></div>')
    await bare.addScriptTag({ path: 'node_modules/konva/konva.min.js' })
    await bare.evaluate(
      ([width, height]) => {
        const Konva = (window as unknown as { Konva: any }).Konva
        const image = Object.assign(document.createElement('canvas'), { width, height })
        const context = image.getContext('2d')!
        context.fillStyle = '#865'
        context.fillRect(0, 0, width, height)
        const stage = new Konva.Stage({ container: 'stage', width: innerWidth, height: innerHeight })
        const layer = new Konva.Layer()
        layer.add(new Konva.Image({ image }))
        stage.add(layer)
        stage.scale({ x: 0.2, y: 0.2 })
        // Wheel zooms and middle-drag pans, as in the editor.
        stage.container().addEventListener('wheel', (e: WheelEvent) => {
          const s = stage.scaleX() * Math.exp(-e.deltaY * 0.002)
          stage.scale({ x: s, y: s })
        })
        stage.container().addEventListener('pointermove', (e: PointerEvent) => {
          if (e.buttons & 4) stage.position({ x: stage.x() + e.movementX, y: stage.y() + e.movementY })
        })
      },
      [WIDTH, HEIGHT],
    )
    const baseline = await panAndZoomFrames(bare, '#stage')
    return {
      document: `${WIDTH}×${HEIGHT}, ${LAYERS} layers`,
      frameMs: { editor, bareKonvaStage: baseline, medianRatio: round(editor.median / baseline.median), worstRatio: round(editor.worst / baseline.worst) },
      stroke,
      target: 'frame times within 1.5× of the bare stage; a stroke shows before its version is committed',
    }
  } finally {
    await browser.close()
    await app.stop()
  }
}

/** tsx compiles named functions with esbuild's `__name` helper, which a page evaluating them doesn't have. */
const allowNamedFunctions = (page: Page) => page.evaluate('globalThis.__name ??= (f) => f')

/** Median and worst interval between animation frames while the pointer zooms with the wheel and pans with the middle button. */
async function panAndZoomFrames(page: Page, target: string) {
  await allowNamedFunctions(page)
  const box = (await page.locator(target).boundingBox())!
  await page.evaluate(() => {
    const w = window as unknown as { frames: number[] }
    w.frames = []
    let last = performance.now()
    const tick = (now: number) => {
      w.frames.push(now - last)
      last = now
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, i < 15 ? -60 : 60)
  await page.mouse.down({ button: 'middle' })
  for (let i = 0; i < 60; i++) await page.mouse.move(box.x + box.width / 2 + (i % 20) * 8, box.y + box.height / 2 + (i % 10) * 5)
  await page.mouse.up({ button: 'middle' })
  const frames = (await page.evaluate(() => (window as unknown as { frames: number[] }).frames)).slice(2).sort((a, b) => a - b)
  return { median: round(frames[Math.floor(frames.length / 2)]!), worst: round(frames.at(-1)!), frames: frames.length }
}

/**
 * From a pointer move to the second animation frame after it (the frame that shows what the move drew), over a
 * stroke; and when the stroke was in the layer against when its version was committed.
 */
async function strokeLatency(page: Page) {
  await allowNamedFunctions(page)
  await page.keyboard.press('b')
  await page.evaluate(() => {
    const w = window as unknown as { latencies: number[] }
    w.latencies = []
    document.querySelector('[data-testid=canvas]')!.addEventListener('pointermove', (event) => {
      const start = event.timeStamp
      requestAnimationFrame(() => requestAnimationFrame((now) => w.latencies.push(now - start)))
    })
  })
  const box = (await page.getByTestId('canvas').boundingBox())!
  await page.mouse.move(box.x + 300, box.y + 300)
  await page.mouse.down()
  for (let i = 0; i < 40; i++) await page.mouse.move(box.x + 300 + i * 10, box.y + 300 + Math.sin(i / 4) * 60)
  // The layer's pixels change (revision) as soon as the stroke is laid in, which can be before mouse.up() returns;
  // the history grows when the commit returns.
  const revision = await page.getByTestId('canvas').getAttribute('data-revision')
  const released = Date.now()
  await page.mouse.up()
  await page.waitForFunction((before) => document.querySelector('[data-testid=canvas]')!.getAttribute('data-revision') !== before, revision)
  const shownMs = Date.now() - released
  await page.getByTestId('status').filter({ hasText: 'Ready' }).waitFor()
  await page.waitForFunction(() => document.querySelector('[data-testid=history] li .operation')?.textContent === 'Brush stroke')
  const committedMs = Date.now() - released
  const latencies = (await page.evaluate(() => (window as unknown as { latencies: number[] }).latencies)).sort((a, b) => a - b)
  return {
    pointerToScreenMs: { median: round(latencies[Math.floor(latencies.length / 2)]!), worst: round(latencies.at(-1)!) },
    strokeShownAfterReleaseMs: shownMs,
    versionCommittedAfterReleaseMs: committedMs,
    shownBeforeCommitted: shownMs <= committedMs,
  }
}
