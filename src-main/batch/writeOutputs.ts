import { existsSync, statSync } from 'node:fs'
import { rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, extname, join } from 'node:path'
import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import { exportFileName, type BatchItem, type RecipeOutput } from '../../src-shared/contract'

const extensions = { jpeg: 'jpg', png: 'png', webp: 'webp' } as const
const fits = { pad: 'contain', cover: 'cover', stretch: 'fill' } as const

/** The photo's name as outputs use it: its file name without extension, made a plain file name. */
export const photoStem = (input: string) => exportFileName(basename(input, extname(input)) || basename(input), 'x').slice(0, -2)

/** `{name}_{width}x{height}.{ext}` and friends, filled in for one photo and one output. */
export function outputFileName(output: RecipeOutput, stem: string): string {
  const fields: Record<string, string> = { name: stem, width: String(output.width), height: String(output.height), ext: extensions[output.format], format: output.format }
  return output.naming.replace(/\{(\w+)\}/g, (whole, field: string) => fields[field] ?? whole)
}

export const outputPaths = (outputs: RecipeOutput[], input: string, outDir: string) => outputs.map((output) => join(outDir, outputFileName(output, photoStem(input))))

/** What an earlier run (or another shard) already wrote for this photo, when it wrote all of it; otherwise undefined. */
export function completeOutputs(outputs: RecipeOutput[], input: string, outDir: string): BatchItem['outputs'] | undefined {
  const paths = outputPaths(outputs, input, outDir)
  if (!paths.every((path) => existsSync(path))) return undefined
  return paths.map((path, i) => ({ path, width: outputs[i]!.width, height: outputs[i]!.height, format: outputs[i]!.format, bytes: statSync(path).size }))
}

function colour(hex: string) {
  const value = (at: number) => parseInt(hex.slice(at, at + 2), 16)
  return { r: value(1), g: value(3), b: value(5), alpha: hex.length === 9 ? value(7) / 255 : 1 }
}

/**
 * Writes every output of one photo from its flattened result (a PNG, as the app exports it). Each file is written
 * beside its final name and renamed into place, so a file under an output name is always complete: that is what
 * lets a later run skip it.
 */
export async function writeOutputs(flattened: Uint8Array, outputs: RecipeOutput[], input: string, outDir: string, icc?: Buffer): Promise<BatchItem['outputs']> {
  const written: BatchItem['outputs'] = []
  const paths = outputPaths(outputs, input, outDir)
  let profile: string | undefined
  try {
    for (const [i, output] of outputs.entries()) {
      if (output.colour === 'keep' && icc && !profile) {
        // sharp takes a profile by file name only.
        profile = join(tmpdir(), `batch-profile-${randomUUID()}.icc`)
        await writeFile(profile, icc)
      }
      const bytes = await encodeOutput(flattened, output, output.colour === 'keep' ? profile : undefined)
      const path = paths[i]!
      const partial = `${path}.${randomUUID()}.partial`
      await writeFile(partial, bytes)
      await rename(partial, path)
      written.push({ path, width: output.width, height: output.height, format: output.format, bytes: bytes.byteLength })
    }
  } finally {
    if (profile) await rm(profile, { force: true })
  }
  return written
}

async function encodeOutput(flattened: Uint8Array, output: RecipeOutput, profile: string | undefined): Promise<Buffer> {
  const background = colour(output.background)
  // Resized to raw first: the padding and the photo's own transparency then get the same background in one flatten.
  const { data, info } = await sharp(flattened, { limitInputPixels: false })
    .resize(output.width, output.height, { fit: fits[output.fit], background, kernel: 'lanczos3' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  let image = sharp(data, { raw: { width: info.width, height: info.height, channels: 4 }, limitInputPixels: false })
  const opaque = background.alpha === 1 || output.format === 'jpeg'
  if (opaque) image = image.flatten({ background: background.alpha === 1 ? background : '#ffffff' })
  image = image.withIccProfile(profile ?? 'srgb')
  switch (output.format) {
    case 'jpeg':
      return image.jpeg({ quality: output.quality, chromaSubsampling: output.quality >= 90 ? '4:4:4' : '4:2:0' }).toBuffer()
    case 'png':
      return image.png({ compressionLevel: 6 }).toBuffer()
    case 'webp': {
      const lossless = output.quality === 100
      return image.webp({ quality: output.quality, lossless, exact: lossless }).toBuffer()
    }
  }
}
