import { copyFile, mkdir, readdir, rm, stat, statfs } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { AppError, type PackFile } from '../../src-shared/contract'
import { downloadFile } from './download'
import type { PlannedFile } from './layouts/layout'
import type { ProgressMeter } from './progressMeter'
import { FileHashes, fileHashes } from './verifyFiles'

/**
 * Refuses, before the first byte, a pack that does not fit on the disk: what is still to come (the planned
 * sizes less what earlier attempts left in the staging folder) against the space free to this user.
 */
export async function checkDiskSpace(modelsDir: string, staging: string, files: PlannedFile[]): Promise<void> {
  let needed = 0
  for (const { packPath, file } of files) {
    const have = Math.max(await sizeOf(join(staging, packPath)), await sizeOf(join(staging, `${packPath}.part`)))
    needed += file.local ? file.size : Math.max(0, file.size - have)
  }
  const disk = await statfs(modelsDir)
  const free = disk.bavail * disk.bsize
  if (needed > free) {
    throw new AppError('pack.diskFull', `The pack needs ${gigabytes(needed)} more and the disk has ${gigabytes(free)} free.`, { needed, free })
  }
}

export interface FetchOptions {
  download: ProgressMeter
  verify: ProgressMeter
  signal: AbortSignal
  headers: Record<string, string>
}

/**
 * Brings each planned file into the staging folder: copied when it is on this machine, kept when an earlier
 * attempt finished it, else downloaded (resuming a partial file) and hashed as it is written. Each is hashed
 * once; the hash must match what the listing gives (the Hub's LFS SHA-256 or git blob id, a cache blob's
 * name), and it is what the manifest records.
 */
export async function fetchPlanned(files: PlannedFile[], staging: string, options: FetchOptions): Promise<Record<string, PackFile>> {
  const listed: Record<string, PackFile> = {}
  for (const { listing, file, packPath } of files) {
    if (options.signal.aborted) throw options.signal.reason
    const target = join(staging, packPath)
    await mkdir(dirname(target), { recursive: true })
    const wantGit = !file.sha256 && Boolean(file.gitOid)
    let hashes: { sha256: string; gitOid?: string }
    const finished = (await sizeOf(target)) === file.size
    if (listing.url && !file.local && !finished) {
      const sink = new FileHashes(file.size, wantGit)
      const onBytes = (bytes: number, fromDisk?: boolean) => options.download.add(packPath, bytes, fromDisk)
      await downloadFile(listing.url(file.path), target, file.size, onBytes, options.signal, options.headers, sink)
      hashes = sink.digest()
    } else {
      if (!finished) await copyFile(file.local!, target)
      options.download.add(packPath, file.size, finished)
      hashes = await fileHashes(target, { signal: options.signal, gitOid: wantGit, onBytes: (bytes) => options.verify.add(packPath, bytes) })
    }
    const expected = file.sha256 ?? file.gitOid
    const actual = file.sha256 ? hashes.sha256 : hashes.gitOid
    if (expected && actual !== expected) {
      await rm(target, { force: true })
      throw new AppError('pack.checksum', `${packPath} from ${listing.repo} is corrupt: its hash is ${actual}, the repo lists ${expected}.`, { path: packPath })
    }
    listed[packPath] = { sha256: hashes.sha256, size: file.size }
  }
  return listed
}

/** Bytes an unfinished install holds in its staging folder, partial files included. */
export async function stagedBytes(folder: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (entry.isFile()) total += await sizeOf(join(entry.parentPath, entry.name))
  }
  return total
}

async function sizeOf(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  )
}

const gigabytes = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GB`
