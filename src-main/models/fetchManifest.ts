import { AppError, type PackManifest } from '../../src-shared/contract'
import { describe } from './download'
import { MANIFEST_FILE, parseManifest } from './manifest'

/** The URL of a pack file: each path segment escaped, so a file name cannot change the URL's meaning. */
export function fileUrl(base: string, path: string): string {
  return `${base}/${path.split('/').map(encodeURIComponent).join('/')}`
}

/** Fetches `<base>/pack.json`; no connection at all is pack.unreachable, a missing manifest pack.noManifest. */
export async function fetchManifest(base: string, signal: AbortSignal): Promise<{ manifest: PackManifest; text: string }> {
  const url = fileUrl(base, MANIFEST_FILE)
  let response: Response
  try {
    response = await fetch(url, { signal })
  } catch (error) {
    if (signal.aborted) throw error
    throw new AppError('pack.unreachable', `Cannot reach ${base}: ${describe(error as Error)}.`, { url: base })
  }
  if (response.status === 404) throw new AppError('pack.noManifest', `No ${MANIFEST_FILE} at ${base} (HTTP 404): not a model pack.`, { url: base })
  if (!response.ok) throw new AppError('pack.download', `${url} answered HTTP ${response.status}.`, { url, status: response.status })
  let text: string
  try {
    text = await response.text()
  } catch (error) {
    if (signal.aborted) throw error
    throw new AppError('pack.download', `Reading ${url} failed: ${describe(error as Error)}.`, { url })
  }
  return { manifest: parseManifest(text), text }
}
