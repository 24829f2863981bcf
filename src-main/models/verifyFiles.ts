import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError, type PackFile, type PackManifest } from '../../src-shared/contract'

/** Checks that every listed file is there with its size; cheap enough for every load. */
export async function checkSizes(folder: string, manifest: PackManifest): Promise<void> {
  for (const [path, file] of Object.entries(manifest.files)) await checkSize(folder, path, file)
}

/** Sizes, then SHA-256 of every listed file: what an install proves before a pack goes into place. */
export async function verifyFiles(folder: string, manifest: PackManifest, signal?: AbortSignal): Promise<void> {
  await checkSizes(folder, manifest)
  for (const [path, file] of Object.entries(manifest.files)) {
    const actual = await sha256(join(folder, path), signal)
    if (actual !== file.sha256) {
      throw new AppError('pack.checksum', `${path} is corrupt: its SHA-256 is ${actual}, the manifest says ${file.sha256}.`, { path })
    }
  }
}

async function checkSize(folder: string, path: string, file: PackFile): Promise<void> {
  let size: number
  try {
    size = (await stat(join(folder, path))).size
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('pack.missingFile', `The pack lacks ${path}.`, { path })
    throw error
  }
  if (size < file.size) {
    throw new AppError('pack.missingFile', `${path} is truncated: ${size} of ${file.size} bytes.`, { path, size, expected: file.size })
  }
  if (size > file.size) {
    throw new AppError('pack.checksum', `${path} has ${size} bytes, the manifest says ${file.size}.`, { path, size, expected: file.size })
  }
}

/** Streams the file through the hash, so a 12 GB weight file never sits in memory. */
export async function sha256(file: string, signal?: AbortSignal): Promise<string> {
  return (await fileHashes(file, { signal })).sha256
}

/**
 * SHA-256 and, when asked, the git blob id (SHA-1 of `blob <size>\0` and the bytes: what the Hub lists as a
 * small file's `oid`), fed chunk by chunk: a download hashes as it writes, so no file is read twice.
 */
export class FileHashes {
  private sha = createHash('sha256')
  private git?: Hash

  constructor(
    private readonly size: number,
    private readonly gitOid: boolean,
  ) {
    this.reset()
  }

  reset(): void {
    this.sha = createHash('sha256')
    this.git = this.gitOid ? createHash('sha1').update(`blob ${this.size}\0`) : undefined
  }

  update(chunk: Uint8Array): void {
    this.sha.update(chunk)
    this.git?.update(chunk)
  }

  digest(): { sha256: string; gitOid?: string } {
    return { sha256: this.sha.digest('hex'), ...(this.git ? { gitOid: this.git.digest('hex') } : {}) }
  }
}

/** Hashes a file already on disk in one read; `onBytes` hears each chunk, for progress. */
export async function fileHashes(
  file: string,
  options: { signal?: AbortSignal; gitOid?: boolean; onBytes?: (bytes: number) => void } = {},
): Promise<{ sha256: string; gitOid?: string }> {
  const hashes = new FileHashes((await stat(file)).size, options.gitOid ?? false)
  for await (const chunk of createReadStream(file, { signal: options.signal, highWaterMark: 1 << 20 })) {
    hashes.update(chunk as Buffer)
    options.onBytes?.((chunk as Buffer).byteLength)
  }
  return hashes.digest()
}
