/**
 * Click to segment through main's API, the job queue and the compute host, on an oracle SAM pack in exactly
 * Acly/MobileSAM's layout (installed from a folder as downloaded, no manifest): its decoder answers discs around
 * positive points minus discs around negative ones, a box fill, and the previous mask (oracle/sam.ts), so each
 * answer has a closed form; and the encoder's runs are counted by the host. Also the refusals of both tools.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SegmentationMask } from '../../../src-shared/contract'
import { startApi } from '../../fixtures/apiHarness'
import { maskIoU } from '../../fixtures/composites'
import { kodakPath } from '../../fixtures/evalSet'
import { SAM_RADIUS, samRepoFiles } from '../../fixtures/oracle/sam'

let harness: ReturnType<typeof startApi>
let documentId: string
/** kodim03 is 768×512: SAM's frame scales it by 1024/768. */
const [WIDTH, HEIGHT] = [768, 512]
const radius = (SAM_RADIUS * WIDTH) / 1024

beforeAll(async () => {
  harness = startApi('click-segment-')
  documentId = (await harness.call('documents.openImage', { name: 'kodim03.png', bytes: await readFile(kodakPath(3)) })).document.id
})

afterAll(() => harness?.close())

const disc = (cx: number, cy: number) => (x: number, y: number) => (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 < radius ** 2
const expected = (inside: (x: number, y: number) => boolean) => Uint8Array.from({ length: WIDTH * HEIGHT }, (_, i) => (inside(i % WIDTH, Math.floor(i / WIDTH)) ? 255 : 0))
const selected = (mask: SegmentationMask) => mask.alpha.filter((a) => a === 255).length

describe('click to segment (SAM oracle in the MobileSAM layout)', () => {
  it('refuses both tools while no pack of their family is installed', async () => {
    expect(await harness.refusal('segmentation.point', { documentId, layerId: 'background', points: [{ x: 10, y: 10, positive: true }] })).toMatchObject({
      code: 'pack.notInstalled',
      details: { family: 'sam' },
    })
    expect(await harness.refusal('segmentation.subject', { documentId, layerId: 'visible' })).toMatchObject({ code: 'pack.notInstalled', details: { family: 'salient' } })
  })

  it('installs Acly/MobileSAM’s layout from a folder as a SAM pack that enables segment', async () => {
    const folder = join(harness.dataDir, 'MobileSAM')
    await mkdir(folder, { recursive: true })
    for (const [name, bytes] of Object.entries(samRepoFiles())) await writeFile(join(folder, name), bytes)
    const pack = await harness.call('models.installFromFolder', { folder })
    expect([pack.family, pack.variant, pack.enables]).toEqual(['sam', 'mobile_sam', ['segment']])
  })

  it('answers a disc around a positive click, running the encoder once', async () => {
    const result = await harness.call('segmentation.point', { documentId, layerId: 'background', points: [{ x: 200, y: 250, positive: true }] })
    expect(result.mask.rect).toEqual({ x: 0, y: 0, width: WIDTH, height: HEIGHT })
    expect(maskIoU(result.mask.alpha, expected(disc(200, 250)))).toBeGreaterThan(0.95)
    expect(result.encoderRuns).toBe(1)
  })

  it('adds a second positive click and subtracts a negative one without running the encoder again', async () => {
    const points = [
      { x: 200, y: 250, positive: true },
      { x: 520, y: 250, positive: true },
    ]
    const added = await harness.call('segmentation.point', { documentId, layerId: 'background', points })
    expect(maskIoU(added.mask.alpha, expected((x, y) => disc(200, 250)(x, y) || disc(520, 250)(x, y)))).toBeGreaterThan(0.95)
    const subtracted = await harness.call('segmentation.point', { documentId, layerId: 'background', points: [...points, { x: 560, y: 250, positive: false }] })
    const want = (x: number, y: number) => (disc(200, 250)(x, y) || disc(520, 250)(x, y)) && !disc(560, 250)(x, y)
    expect(maskIoU(subtracted.mask.alpha, expected(want))).toBeGreaterThan(0.95)
    expect(selected(subtracted.mask)).toBeLessThan(selected(added.mask))
    expect([added.encoderRuns, subtracted.encoderRuns]).toEqual([1, 1])
  })

  it('fills a box dragged over the image', async () => {
    const box = { x: 100, y: 80, width: 300, height: 200 }
    const result = await harness.call('segmentation.point', { documentId, layerId: 'background', box })
    const inBox = (x: number, y: number) => x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height
    expect(maskIoU(result.mask.alpha, expected(inBox))).toBeGreaterThan(0.95)
    expect(result.encoderRuns).toBe(1)
  })

  it('feeds the previous low-resolution mask back only when asked', async () => {
    await harness.call('segmentation.point', { documentId, layerId: 'background', points: [{ x: 200, y: 250, positive: true }] })
    const alone = await harness.call('segmentation.point', { documentId, layerId: 'background', points: [{ x: 560, y: 250, positive: true }] })
    expect(maskIoU(alone.mask.alpha, expected(disc(560, 250)))).toBeGreaterThan(0.95)
    const refined = await harness.call('segmentation.point', { documentId, layerId: 'background', points: [{ x: 200, y: 250, positive: true }], useLastMask: true })
    // The last mask was the disc at 560: fed back, it stays in the answer beside the new disc at 200.
    expect(maskIoU(refined.mask.alpha, expected((x, y) => disc(200, 250)(x, y) || disc(560, 250)(x, y)))).toBeGreaterThan(0.95)
  })

  it('encodes again once the layer’s pixels change, and not for a visible composite equal to the layer', async () => {
    const before = (await harness.call('segmentation.point', { documentId, layerId: 'background', points: [{ x: 50, y: 50, positive: true }] })).encoderRuns
    const visible = await harness.call('segmentation.point', { documentId, layerId: 'visible', points: [{ x: 50, y: 50, positive: true }] })
    // One opaque layer at the origin composites to its own pixels: the same key, the same embeddings.
    expect(visible.encoderRuns).toBe(before)
    await harness.call('layers.paint', { documentId, layerId: 'background', operation: 'brush', rect: { x: 0, y: 0, width: 4, height: 4 }, rgba: new Uint8Array(64).fill(255) })
    const painted = await harness.call('segmentation.point', { documentId, layerId: 'background', points: [{ x: 60, y: 60, positive: true }] })
    expect(painted.encoderRuns).toBe(before + 1)
    await harness.call('layers.update', { documentId, layerId: 'background', changes: { offsetX: 3 } })
    const moved = await harness.call('segmentation.point', { documentId, layerId: 'background', points: [{ x: 60, y: 60, positive: true }] })
    // Points are in document coordinates: the layer's offset moves the image under them.
    expect(moved.mask.rect).toEqual({ x: 3, y: 0, width: WIDTH, height: HEIGHT })
    expect(maskIoU(moved.mask.alpha, expected(disc(57, 60)))).toBeGreaterThan(0.95)
    await harness.call('layers.update', { documentId, layerId: 'background', changes: { offsetX: 0 } })
  })

  it('refuses points outside the image, no prompt, a hidden layer and an empty one', async () => {
    const point = (x: number, y: number) => [{ x, y, positive: true }]
    expect(await harness.refusal('segmentation.point', { documentId, layerId: 'background', points: point(WIDTH + 5, 10) })).toMatchObject({ code: 'segmentation.pointOutside' })
    expect(await harness.refusal('segmentation.point', { documentId, layerId: 'background', points: point(-1, 10) })).toMatchObject({ code: 'segmentation.pointOutside' })
    expect(await harness.refusal('segmentation.point', { documentId, layerId: 'background', box: { x: 2000, y: 2000, width: 10, height: 10 } })).toMatchObject({
      code: 'segmentation.pointOutside',
    })
    expect(await harness.refusal('segmentation.point', { documentId, layerId: 'background', points: [] })).toMatchObject({ code: 'segmentation.noPrompt' })
    const added = await harness.call('layers.add', { documentId, name: 'Empty' })
    const empty = added.layers.find((layer) => layer.name === 'Empty')!
    expect(await harness.refusal('segmentation.point', { documentId, layerId: empty.id, points: point(10, 10) })).toMatchObject({ code: 'segmentation.emptyImage' })
    await harness.call('layers.update', { documentId, layerId: empty.id, changes: { visible: false } })
    expect(await harness.refusal('segmentation.point', { documentId, layerId: empty.id, points: point(10, 10) })).toMatchObject({ code: 'layer.hidden' })
  })
})
