import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src-main/imaging/decode'
import type { EditorState } from '../../../src-renderer/editor/Editor'
import type { ToolPointer } from '../../../src-renderer/editor/tools/tool'
import { TestEditor } from '../../fixtures/editor/TestEditor'
import { photoLikeRgba } from '../../fixtures/documents/pixels'
import { pixelAt, png, randomBytes } from '../../fixtures/images'
import { canMount, smallTmpfs } from '../../fixtures/tmpfs'
import { H, RED, twoHalves, W } from './photo'

const WIDTH = 3000
const HEIGHT = 2000
const bigJpeg = () => sharp(photoLikeRgba(WIDTH, HEIGHT, 4), { raw: { width: WIDTH, height: HEIGHT, channels: 4 } }).jpeg({ quality: 90 }).toBuffer()
const at = (x: number, y: number): ToolPointer => ({ document: { x, y }, screen: { x, y }, pressure: 1, shift: false, alt: false })

let t: TestEditor | undefined
afterEach(() => t?.close())

describe('opening a photo larger than its preview (editor core, the real main API)', () => {
  it('shows it at once from its preview while main stores it, then from its stored pixels', async () => {
    t = new TestEditor()
    const bytes = await bigJpeg()
    const states: EditorState[] = []
    t.editor.subscribe(() => states.push(t!.editor.getState()))
    await t.openFile(bytes, 'big.jpg')

    const first = states.find((state) => state.document)!
    expect(first.document).toMatchObject({ name: 'big.jpg', width: WIDTH, height: HEIGHT })
    expect(first.rasters.size).toBe(0)
    expect(first.busy).toBe('status.storing')
    expect(first.firstView?.documentId).toBe(first.document!.id)
    expect(await sharp(first.firstView!.bytes).metadata()).toMatchObject({ format: 'webp', width: 1536, height: 1024 })
    // The preview shows alone until the stored pixels replace it, in one update.
    expect(states.filter((state) => state.firstView).every((state) => state.rasters.size === 0)).toBe(true)

    expect(t.state.firstView).toBeUndefined()
    expect(t.state.busy).toBeUndefined()
    expect(t.operations).toEqual(['open'])
    const expected = await decodeImage(bytes)
    for (const [x, y] of [[0, 0], [1500, 1000], [2999, 1999]] as const) expect(t.raster('background').at(x, y)).toEqual(pixelAt(expected.rgba, WIDTH, x, y))
  }, 60_000)

  it('a stroke painted and a layer renamed on the preview both apply once the photo is stored', async () => {
    t = new TestEditor()
    const opening = t.openFile(await bigJpeg(), 'big.jpg')
    await t.waitFor(() => Boolean(t!.state.firstView))
    t.editor.setBrush({ colour: '#00ff00', size: 20 })
    t.editor.setTool('brush')
    const { tool } = t.editor
    tool.onPointerDown(at(200, 100))
    tool.onPointerMove(at(600, 100))
    const laid = tool.onPointerUp(at(600, 100))
    const renamed = t.editor.session.changeLayers('layers.update', { layerId: 'background', changes: { name: 'Renamed' } })
    expect(t.state.firstView).toBeDefined()
    await Promise.all([opening, laid, renamed])
    await t.settle()

    expect(t.operations[0]).toBe('open')
    expect(t.operations.slice(1).sort()).toEqual(['brush', 'layer.update'])
    expect(t.layer('Renamed').id).toBe('background')
    expect(t.raster('background').at(400, 100)).toEqual([0, 255, 0, 255])
    expect(await t.mainPixel('background', 400, 100)).toEqual([0, 255, 0, 255])
  }, 60_000)

  it.runIf(canMount)('a photo whose store fails after its preview showed is taken down, saying why, leaving no project', async () => {
    const disk = smallTmpfs('2m')
    const fill = () => {
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${join(disk.directory, 'filler')}`, 'bs=4k'], { stdio: 'ignore' })
      } catch {
        // dd stops with "No space left", which is the point.
      }
    }
    try {
      t = new TestEditor({ projectsDir: disk.directory })
      // Noise, so its tiles cannot compress into what is left of the disk; wider than its preview, so that shows.
      const noise = await png(randomBytes(1600 * 1200 * 4), 1600, 1200)
      fill()
      await t.openFile(noise, 'noise.png')
      expect(t.state.error?.code).toBe('project.diskFull')
      expect([t.state.document, t.state.firstView]).toEqual([undefined, undefined])
      expect(readdirSync(disk.directory)).toEqual(['filler'])

      // With a photo open before, the window goes back to it, and a stroke painted on the preview is dropped.
      execFileSync('rm', [join(disk.directory, 'filler')])
      await t.openImage(twoHalves(), W, H, 'halves.png')
      const before = t.document
      fill()
      t.editor.setBrush({ colour: '#ffffff', size: 6 })
      t.editor.setTool('brush')
      let laid: Promise<void> | undefined
      // Painted the moment the preview shows: the store fails too soon after it to wait for it here.
      const stopWatching = t.editor.subscribe(() => {
        if (!t!.state.firstView || laid) return
        laid = Promise.resolve().then(() => {
          t!.editor.tool.onPointerDown(at(4, 30))
          t!.editor.tool.onPointerMove(at(20, 30))
          return t!.editor.tool.onPointerUp(at(20, 30))
        })
      })
      await t.openFile(noise, 'noise.png')
      stopWatching()
      await laid
      expect(laid).toBeDefined()
      expect(t.state.error?.code).toBe('project.diskFull')
      expect(t.document.id).toBe(before.id)
      expect(t.state.firstView).toBeUndefined()
      expect(t.operations).toEqual(['open'])
      expect(t.calls.filter((call) => call.method === 'layers.paint')).toEqual([])
      expect(t.raster('background').at(10, 30)).toEqual([...RED])
      expect(readdirSync(disk.directory).filter((file) => file.startsWith('noise'))).toEqual([])
    } finally {
      t?.close()
      t = undefined
      disk.unmount()
    }
  }, 60_000)
})
