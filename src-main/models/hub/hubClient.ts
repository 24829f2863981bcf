import { HubApiError, listFiles, modelInfo } from '@huggingface/hub'
import { AppError } from '../../../src-shared/contract'
import { describe } from '../download'
import type { RepoListing } from './repoFiles'

export interface HubAccess {
  endpoint: string
  token?: string
}

/** `org/name`, or a URL of the repo on any endpoint (`…/org/name`, `…/org/name/tree/<rev>`), and the revision it names. */
export function parseRepoRef(text: string): { repo: string; revision?: string } {
  const trimmed = text.trim().replace(/\/+$/, '')
  const path = /^https?:\/\//.test(trimmed) ? new URL(trimmed).pathname.replace(/^\/+/, '') : trimmed
  const [org, name, kind, ...rest] = path.split('/')
  const valid = (part?: string) => part !== undefined && /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/.test(part)
  if (!valid(org) || !valid(name) || (kind !== undefined && kind !== 'tree' && kind !== 'blob')) {
    throw new AppError('pack.repoNotFound', `"${text}" is not a Hub repo id (org/name) or a repo URL.`, { repo: text })
  }
  return { repo: `${org}/${name}`, ...(rest.length > 0 ? { revision: decodeURIComponent(rest[0]!) } : {}) }
}

/**
 * Lists a public repo at a revision through the Hub's own client: the commit it resolves to, and every file
 * with its size and, for LFS files, its SHA-256. Downloads do not use the client's downloadFile: it neither
 * resumes from a partial file nor reports bytes as they arrive, so download.ts fetches the resolve URLs itself.
 */
export async function listRepo(access: HubAccess, repo: string, revision = 'main'): Promise<RepoListing> {
  const credentials = access.token ? { accessToken: access.token } : {}
  try {
    const info = await modelInfo({ name: repo, revision, hubUrl: access.endpoint, additionalFields: ['sha', 'tags'], ...credentials })
    const commit = info.sha ?? revision
    const files = []
    for await (const entry of listFiles({ repo, revision: commit, recursive: true, hubUrl: access.endpoint, ...credentials })) {
      if (entry.type !== 'file') continue
      files.push({ path: entry.path, size: entry.size, ...(entry.lfs ? { sha256: entry.lfs.oid } : { gitOid: entry.oid }) })
    }
    const licence = info.tags?.find((tag) => tag.startsWith('license:'))?.slice('license:'.length)
    const base = access.endpoint.replace(/\/+$/, '')
    return {
      repo,
      revision: commit,
      files,
      ...(licence ? { licence } : {}),
      url: (path) => `${base}/${repo}/resolve/${commit}/${path.split('/').map(encodeURIComponent).join('/')}`,
    }
  } catch (error) {
    throw hubError(error, access, repo, revision)
  }
}

function hubError(error: unknown, access: HubAccess, repo: string, revision: string): AppError {
  if (error instanceof AppError) return error
  if (error instanceof HubApiError) {
    if (error.statusCode === 401 || error.statusCode === 403) {
      // The Hub answers an anonymous caller 401 for a repo that does not exist as well as for a gated one.
      const why = access.token ? 'the saved token has no access to it' : 'it does not exist, or it is gated (accept its terms on the Hub and save a token)'
      return new AppError('pack.gated', `${repo} cannot be read: ${why}.`, { repo })
    }
    if (error.statusCode === 404) return new AppError('pack.repoNotFound', `${access.endpoint} has no repo ${repo} at ${revision}.`, { repo, revision })
    return new AppError('pack.download', `${access.endpoint} answered HTTP ${error.statusCode} for ${repo}.`, { repo, status: error.statusCode })
  }
  const reason = error instanceof Error ? describe(error) : String(error)
  return new AppError('pack.unreachable', `Cannot reach ${access.endpoint}: ${reason}.`, { url: access.endpoint })
}
