/**
 * A batch photo's outputs with real sharp: the naming template, cover and pad, and the colour profile converted to
 * sRGB or kept as the photo's own (a Display P3 photo stays P3 when asked).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, expect, it } from 'vitest'
import { writeOutputs } from '../../../src-main/batch/writeOutputs'
import { decodeImage } from '../../../src-main/imaging/decode'
import { RecipeOutput } from '../../../src-shared/contract'

const outDir = mkdtempSync(join(tmpdir(), 'batch-outputs-'))
afterAll(() => rmSync(outDir, { recursive: true, force: true }))

it('names, fits and tags each output as its recipe says', async () => {
  // A saturated red 400×200 photo in Display P3, as phones shoot them.
  const p3 = await sharp({ create: { width: 400, height: 200, channels: 3, background: { r: 255, g: 0, b: 0 } } }).withIccProfile('p3').png().toBuffer()
  const decoded = await decodeImage(p3)
  const flattened = await sharp(decoded.rgba, { raw: { width: 400, height: 200, channels: 4 } }).png().toBuffer()
  const icc = (await sharp(p3).metadata()).icc
  const outputs = [
    RecipeOutput.parse({ width: 100, height: 100, format: 'png', fit: 'cover', naming: '{name}-{format}-cover.{ext}' }),
    RecipeOutput.parse({ width: 100, height: 100, format: 'webp', quality: 100, background: '#00ff00', colour: 'keep' }),
  ]
  const written = await writeOutputs(flattened, outputs, '/photos/red shoe.heic', outDir, icc)
  expect(written.map((o) => o.path)).toEqual([join(outDir, 'red shoe-png-cover.png'), join(outDir, 'red shoe_100x100.webp')])

  const cover = await sharp(written[0]!.path).raw().toBuffer({ resolveWithObject: true })
  expect([cover.info.width, cover.info.height]).toEqual([100, 100])
  expect([...cover.data.subarray(0, 3)]).toEqual([255, 0, 0])
  expect((await sharp(written[0]!.path).metadata()).icc).toBeDefined()

  // Padded above and below with green (converted to P3 with the rest); back in P3 the photo's red is no longer sRGB's (255, 0, 0).
  const kept = await sharp(written[1]!.path).metadata()
  expect(kept.icc && kept.icc.equals(icc!)).toBe(true)
  // Its samples as stored, not converted back to sRGB on reading.
  const { data } = await sharp(written[1]!.path, { ignoreIcc: true }).raw().toBuffer({ resolveWithObject: true })
  const channels = data.length / (100 * 100)
  const [r, g, b] = data.subarray(0, 3)
  expect(g! > 200 && r! < 140 && b! < 100).toBe(true)
  const centre = [...data.subarray((50 * 100 + 50) * channels, (50 * 100 + 50) * channels + 3)]
  // sRGB's red in P3 is about (234, 51, 34).
  expect(Math.abs(centre[0]! - 234) + Math.abs(centre[1]! - 51) + Math.abs(centre[2]! - 34)).toBeLessThan(8)
})
