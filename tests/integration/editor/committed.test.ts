/**
 * One event for every job's version (issue 15 item 3): the document session follows version.committed alone and
 * asks main again only for the layers whose tiles it names, and of those only the tiles that changed; the view shows
 * the new pixels after each kind (removal, warp, generation).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { buildZImagePack } from '../../fixtures/oracle'
import { rgbaPixels } from '../../fixtures/images'
import { TestEditor } from '../../fixtures/editor/TestEditor'
import { join } from 'node:path'

/** 600×520: three by three tiles of 256, a grey ground with a dark 10×10 square inside the first tile. */
const BIG_W = 600
const BIG_H = 520
const speckled = () => rgbaPixels(BIG_W, BIG_H, (x, y) => (x >= 123 && x < 133 && y >= 123 && y < 133 ? [20, 20, 20, 255] : [120 + ((x * 7 + y * 13) % 9), 130, 140, 255]))

let t: TestEditor
afterEach(() => t.close())

type Committed = { kind: string; versionId: number; changedTiles: { layerId: string; tiles: number[] }[] }
const committedEvents = () => t.events.filter((event) => event.name === 'version.committed').map((event) => event.payload as Committed)
const callsSince = (start: number, method: string) => t.calls.slice(start).filter((call) => call.method === method).map((call) => call.input as Record<string, unknown>)

describe('the editor follows version.committed', () => {
  it('after a small removal on a multi-tile layer, refetches only the changed tiles of the changed layer', async () => {
    t = await new TestEditor().openImage(speckled(), BIG_W, BIG_H)
    const photo = t.document.layers[0]!
    // A second layer (sharing the photo's tiles) that the removal leaves alone.
    await t.editor.session.changeLayers('layers.duplicate', { layerId: photo.id })
    const copy = t.document.layers.find((layer) => layer.id !== photo.id)!
    t.editor.session.selectLayer(photo.id)
    await t.setTool('rectangle').drag([120, 120], [136, 136])
    const versions = t.state.history.length
    const start = t.calls.length
    await t.editor.jobs.remove('content-aware')
    await t.waitFor(() => t.state.history.length === versions + 1)
    await t.waitFor(() => t.state.notice !== undefined)

    const committed = committedEvents().at(-1)
    expect(committed).toMatchObject({ kind: 'remove', versionId: t.document.head })
    expect(committed!.changedTiles).toEqual([{ layerId: photo.id, tiles: [0] }])
    // Only the removed-from layer's grid is asked for again, not the copy's (nor its mask's).
    expect(callsSince(start, 'layers.tileGrid').map((input) => input.layerId)).toEqual([photo.id])
    // And of its nine tiles only the one that changed is read.
    const hashes = callsSince(start, 'tiles.read').flatMap((input) => input.hashes as string[])
    expect(hashes).toHaveLength(1)
    // The view shows the filled square; the copy still has it.
    expect(t.raster(photo.id).at(128, 128)[0]).toBeGreaterThan(90)
    expect(t.raster(copy.id).at(128, 128)[0]).toBe(20)
    expect(await t.mainPixel(photo.id, 128, 128)).toEqual([...t.raster(photo.id).at(128, 128)])
  })

  it('shows a warp as soon as its version.committed arrives, the drag handles gone', async () => {
    t = await new TestEditor().openImage(speckled(), BIG_W, BIG_H)
    const photo = t.document.layers[0]!
    const before = [...t.raster(photo.id).at(140, 128)]
    t.setTool('drag')
    await t.drag([128, 128], [150, 128])
    const versions = t.state.history.length
    await t.press('Enter')
    await t.waitFor(() => t.state.history.length === versions + 1 && t.editor.drag.get().pairs.length === 0)
    expect(committedEvents().map((c) => c.kind)).toEqual(['warp'])
    expect(t.operations.at(-1)).toBe('warp')
    expect([...t.raster(photo.id).at(140, 128)]).not.toEqual(before)
    expect(await t.mainPixel(photo.id, 140, 128)).toEqual([...t.raster(photo.id).at(140, 128)])
  })

  it('shows an inpaint from an oracle pack: one version.committed of kind inpaint, the view updated', async () => {
    t = new TestEditor()
    await buildZImagePack(join(t.modelsDir, 'z-image-turbo-oracle'))
    await t.openImage(speckled(), BIG_W, BIG_H)
    const photo = t.document.layers[0]!
    await t.setTool('rectangle').drag([300, 300], [340, 340])
    const versions = t.state.history.length
    const before = [...t.raster(photo.id).at(320, 320)]
    await t.editor.jobs.generate('inpaint', { prompt: 'a red sofa', family: 'z-image', seed: 3, steps: 2, guidance: 1, negativePrompt: '', count: 1 } as never)
    expect(t.state.error).toBeUndefined()
    await t.waitFor(() => t.state.history.length === versions + 1, 60_000)
    expect(committedEvents().map((c) => c.kind)).toEqual(['inpaint'])
    await t.waitFor(() => t.raster(photo.id).at(320, 320).join() !== before.join())
    expect(await t.mainPixel(photo.id, 320, 320)).toEqual([...t.raster(photo.id).at(320, 320)])
  }, 90_000)
})
