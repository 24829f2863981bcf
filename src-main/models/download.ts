import { createReadStream } from 'node:fs'
import { open, rename, rm, stat } from 'node:fs/promises'
import { AppError } from '../../src-shared/contract'

/** Bytes written, or (fromDisk) found already downloaded; negative when a file starts over. */
export type OnBytes = (bytes: number, fromDisk?: boolean) => void

/** Attempts per file: a dropped connection resumes from the bytes already on disk. */
const ATTEMPTS = 4

/**
 * Downloads `url` to `target` by way of `<target>.part`, resuming with an HTTP Range request from whatever
 * the .part file holds (from an earlier attempt or an earlier install that failed). `onBytes` hears every
 * chunk written.
 */
export async function downloadFile(
  url: string,
  target: string,
  size: number,
  onBytes: OnBytes,
  signal: AbortSignal,
  headers: Record<string, string> = {},
  hash?: HashSink,
): Promise<void> {
  const part = `${target}.part`
  const resumed = await sizeOf(part)
  if (resumed > 0 && resumed <= size) onBytes(resumed, true)
  let lastError: unknown
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await pause(250 * attempt, signal)
    try {
      await fetchInto(url, part, size, onBytes, signal, headers, hash)
      const written = (await stat(part)).size
      if (written !== size) throw new AppError('pack.download', `${url} ended after ${written} of ${size} bytes.`, { url })
      await rename(part, target)
      return
    } catch (error) {
      // Retrying cannot open a gated file: only a token can.
      if (signal.aborted || (error instanceof AppError && error.code === 'pack.gated')) throw error
      lastError = error
      // A server that sends more than the manifest lists is serving another file: start over, not resume.
      if (await sizeOf(part) > size) await rm(part, { force: true })
    }
  }
  const reason = lastError instanceof Error ? describe(lastError) : String(lastError)
  throw new AppError('pack.download', `Downloading ${url} failed after ${ATTEMPTS} attempts: ${reason}`, { url })
}

async function fetchInto(
  url: string,
  part: string,
  size: number,
  onBytes: OnBytes,
  signal: AbortSignal,
  headers: Record<string, string>,
  hash?: HashSink,
): Promise<void> {
  const have = await sizeOf(part)
  if (have === size) return hashFrom(part, hash)
  // A token goes to the Hub only: fetch drops Authorization when the redirect leaves for the CDN's origin.
  const response = await fetch(url, { signal, headers: have > 0 ? { ...headers, range: `bytes=${have}-` } : headers })
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel()
    throw new AppError('pack.gated', `${url} needs access: accept the repo's terms on the Hub and save a token that has it.`, { url, status: response.status })
  }
  if (response.status !== 200 && response.status !== 206) {
    await response.body?.cancel()
    throw new AppError('pack.download', `${url} answered HTTP ${response.status}.`, { url, status: response.status })
  }
  // 200 to a Range request means the server sends the whole file again: overwrite instead of append.
  const append = response.status === 206 && have > 0
  if (!append && have > 0) onBytes(-have, true)
  if (append) await hashFrom(part, hash)
  else hash?.reset()
  // Each chunk is on disk before the next is read, so a dropped connection keeps every byte that arrived for the
  // resume (a stream pipeline would discard chunks still queued for the file when it tears down on the error).
  const file = await open(part, append ? 'a' : 'w')
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      await file.write(chunk)
      hash?.update(chunk)
      onBytes(chunk.byteLength)
    }
  } finally {
    await file.close()
  }
}

/** Hears every byte of the file in order, from its first: a download hashes as it writes. */
export interface HashSink {
  reset(): void
  update(chunk: Uint8Array): void
}

/** Starts the hash over with the bytes an earlier attempt left. */
async function hashFrom(part: string, hash?: HashSink): Promise<void> {
  if (!hash) return
  hash.reset()
  for await (const chunk of createReadStream(part, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer)
}

/** Fetch hides the reason for a failed connection in `cause`. */
export function describe(error: Error): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? error.message
}

async function sizeOf(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  )
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
  })
}
