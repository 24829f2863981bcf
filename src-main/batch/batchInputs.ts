import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs'
import { basename, extname, join, relative, resolve, sep } from 'node:path'
import { AppError, type RecipeOutput } from '../../src-shared/contract'
import { outputFileName, photoStem } from './writeOutputs'

/** File extensions taken from a folder: what decodeImage opens. */
const photoExtensions = new Set(['.png', '.jpg', '.jpeg', '.webp', '.tif', '.tiff', '.gif', '.heic', '.heif', '.avif'])

/** Photo files from files and folders (a folder's own photos, not its subfolders'), absolute, sorted by name. */
export function listInputs(paths: string[]): string[] {
  const files = new Set<string>()
  for (const path of paths.map((p) => resolve(p))) {
    if (!existsSync(path)) throw new AppError('batch.noInputs', `${path} does not exist.`, { path })
    if (!statSync(path).isDirectory()) {
      files.add(path)
      continue
    }
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isFile() && !entry.name.startsWith('.') && photoExtensions.has(extname(entry.name).toLowerCase())) files.add(join(path, entry.name))
    }
  }
  if (files.size === 0) throw new AppError('batch.noInputs', `There are no photos in ${paths.join(', ')}.`)
  return [...files].sort((a, b) => (basename(a) < basename(b) ? -1 : basename(a) > basename(b) ? 1 : a < b ? -1 : 1))
}

/**
 * Shard K of N (1-based): the photos whose place in the name-sorted list is K − 1 modulo N. Every shard lists the same
 * folder the same way, so shards 1…N together take each photo exactly once, with no coordinator.
 */
export function shardOf(inputs: string[], shard: { index: number; count: number }): string[] {
  return inputs.filter((_, i) => i % shard.count === shard.index - 1)
}

export function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text)
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0]
  if (!match || count < 1 || index < 1 || index > count) throw new AppError('api.badInput', `--shard takes K/N with 1 ≤ K ≤ N, e.g. 2/4; not “${text}”.`)
  return { index, count }
}

const real = (path: string) => (existsSync(path) ? realpathSync(path) : resolve(path))
const isInside = (path: string, folder: string) => {
  const rel = relative(folder, path)
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..' && !/^[A-Za-z]:/.test(rel))
}

/**
 * Refuses an output folder that holds (at any depth) any input, so no output can ever land on an original, and two
 * outputs that would share a name (a.png and a.jpg, or two outputs of one size), which would overwrite each other.
 */
export function checkBatchPaths(inputs: string[], outDir: string, outputs: RecipeOutput[]): void {
  const out = real(outDir)
  for (const input of inputs) {
    if (isInside(real(input), out)) {
      throw new AppError('batch.outputOverlapsInput', `The output folder ${outDir} holds the photo ${input}; choose a folder outside the photos.`, { outDir, input })
    }
  }
  const taken = new Map<string, string>()
  for (const input of inputs) {
    for (const output of outputs) {
      const name = outputFileName(output, photoStem(input))
      const other = taken.get(name)
      if (other) throw new AppError('batch.outputNameClash', `${basename(other)} and ${basename(input)} would both write ${name}; change the naming template.`, { name })
      taken.set(name, input)
    }
  }
}
