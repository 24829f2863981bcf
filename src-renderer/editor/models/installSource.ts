import type { PendingInstall } from '../../../src-shared/contract'

/** What one install asks main for; `source` is the name main gives the install's progress, cancel and resume. */
export type InstallRequest =
  | { kind: 'catalog'; source: string }
  | { kind: 'hub'; source: string; revision?: string }
  | { kind: 'folder'; source: string }
  | { kind: 'url'; source: string }
  | { kind: 'component'; source: string; packId: string }

/** Hosts that serve the Hub's repo pages: the Hub itself, its short domain and the mirror mainland users know. */
const hubHosts = ['huggingface.co', 'hf.co', 'hf-mirror.com']

/** `org/name`, optionally `@revision`: the Hub's repo id as its pages and tools write it. */
const repoId = /^([A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*)(?:@([^\s@]+))?$/

/** A repo page's path: `/org/name`, or `/org/name/tree/<revision>`. */
const repoPath = /^\/[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*(\/tree\/[^/]+)?\/?$/

/** Absolute or explicitly relative paths on this machine, POSIX or Windows. */
const localPath = /^(\/|~|\.{1,2}[\\/]|[A-Za-z]:[\\/]|\\\\)/

/**
 * Decides what the Model manager's one field names, by its shape: a repo page on the Hub (or on the endpoint
 * the user saved, a mirror say) or `org/name` is a Hub install; a path is a folder; any other http(s) URL is a
 * pack folder served with its pack.json. Undefined when it is none of them.
 */
export function installRequestFor(text: string, hubEndpoint?: string): InstallRequest | undefined {
  const source = text.trim()
  if (!source) return undefined
  if (localPath.test(source)) return { kind: 'folder', source }
  if (/^https?:\/\//i.test(source)) {
    let url: URL
    try {
      url = new URL(source)
    } catch {
      return undefined
    }
    const onHub = hubHosts.some((host) => url.hostname === host || url.hostname.endsWith(`.${host}`)) || url.host === hostOf(hubEndpoint)
    return onHub && repoPath.test(url.pathname) ? { kind: 'hub', source } : { kind: 'url', source }
  }
  const id = repoId.exec(source)
  if (id) return id[2] ? { kind: 'hub', source: id[1]!, revision: id[2] } : { kind: 'hub', source }
  return undefined
}

/** The install a stopped download came from: main keeps what it was, so Resume repeats exactly that. */
export function resumeRequestFor(pending: PendingInstall): InstallRequest {
  return pending.kind === 'component' ? { kind: 'component', source: pending.source, packId: pending.packId ?? '' } : { kind: pending.kind, source: pending.source }
}

/** host:port of the saved endpoint, so that a mirror on a port of its own counts as the Hub too. */
function hostOf(endpoint: string | undefined): string | undefined {
  if (!endpoint) return undefined
  try {
    return new URL(endpoint).host
  } catch {
    return undefined
  }
}
