import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Call } from '../../fixtures/layerThroughApi'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import { evalDir } from '../../fixtures/evalSet'
import type { RecipeOutput } from '../../../src-shared/contract'

export const kodakDir = join(evalDir, 'kodak')

/** A compute host of its own for each batch worker, as the CLI starts them. */
export const startCompute = () => ({ compute: new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx'])), owned: true })

/** SHA-256 of every file in a folder, by name: the originals must keep every byte. */
export function hashFolder(folder: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(folder)
      .sort()
      .map((name) => [name, createHash('sha256').update(readFileSync(join(folder, name))).digest('hex')]),
  )
}

/** The files a batch wrote into a folder (its `.batch` state left out), each with its bytes' hash. */
export function outputHashes(folder: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(folder)
      .filter((name) => !name.startsWith('.'))
      .sort()
      .map((name) => [name, createHash('sha256').update(readFileSync(join(folder, name))).digest('hex')]),
  )
}

export const twoSizes: RecipeOutput[] = [
  { width: 800, height: 800, format: 'jpeg', quality: 90, fit: 'pad', background: '#ffffff', naming: '{name}_{width}x{height}.{ext}', colour: 'srgb' },
  { width: 300, height: 300, format: 'png', quality: 90, fit: 'pad', background: '#ffffff00', naming: '{name}_{width}x{height}.{ext}', colour: 'srgb' },
]

/** The top-right corner box of the watermark this recipe removes, on a 768×512 photo. */
export const cornerBox = { x: 668, y: 12, width: 88, height: 40 }

/** The history of one photo as the app makes it: remove in the corner, pad to square. */
export async function recordCornerRemoval(call: Call, bytes: Buffer) {
  const { document } = await call('documents.openImage', { name: 'kodim01.png', bytes })
  const mask = { rect: cornerBox, alpha: new Uint8Array(cornerBox.width * cornerBox.height).fill(255) }
  const { jobId } = await call('removal.remove', { documentId: document.id, layerId: 'background', mask, engine: 'content-aware', grow: 4, seed: 7 })
  return { documentId: document.id, jobId }
}
