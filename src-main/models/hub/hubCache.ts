import { readdir, readFile, realpath, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { basename, dirname, join, relative, sep } from 'node:path'
import type { RepoFile, RepoListing } from './repoFiles'

/** The Hugging Face cache folder, as the Hub's own tools find it: HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub. */
export function hubCacheDir(): string {
  if (process.env.HF_HUB_CACHE) return process.env.HF_HUB_CACHE
  return join(process.env.HF_HOME ?? join(homedir(), '.cache', 'huggingface'), 'hub')
}

/**
 * Every file under a folder, following symlinks (a cache snapshot's files are links into `blobs/`). A cache
 * names LFS blobs by their SHA-256, so a snapshot's big files carry the hash they must have.
 */
export async function listFolder(folder: string, repo = repoOfFolder(folder), revision = revisionOfFolder(folder)): Promise<RepoListing> {
  const files: RepoFile[] = []
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue
      const path = join(dir, entry.name)
      const info = await stat(path).catch(() => undefined)
      if (info?.isDirectory()) await walk(path)
      else if (info?.isFile()) files.push({ path: relative(folder, path).split(sep).join('/'), size: info.size, local: path, ...(await blobHash(path)) })
    }
  }
  await walk(folder)
  return { repo, revision, files }
}

/** The snapshots of model repos in the cache, newest first per repo. */
export async function cachedSnapshots(cache = hubCacheDir()): Promise<{ repo: string; revision: string; folder: string }[]> {
  const found: { repo: string; revision: string; folder: string }[] = []
  const entries: string[] = await readdir(cache).catch(() => [])
  for (const entry of entries) {
    const match = /^models--(.+?)--(.+)$/.exec(entry)
    if (!match) continue
    const repo = `${match[1]}/${match[2]}`
    const refs = join(cache, entry, 'refs', 'main')
    const main = (await readFile(refs, 'utf8').catch(() => '')).trim()
    const snapshots: string[] = await readdir(join(cache, entry, 'snapshots')).catch(() => [])
    for (const revision of main && snapshots.includes(main) ? [main] : snapshots) {
      found.push({ repo, revision, folder: join(cache, entry, 'snapshots', revision) })
    }
  }
  return found
}

/** The snapshot of a repo at a commit, when the cache has one. */
export async function cachedSnapshot(repo: string, revision: string, cache = hubCacheDir()): Promise<string | undefined> {
  const folder = join(cache, `models--${repo.replace('/', '--')}`, 'snapshots', revision)
  return (await stat(folder).catch(() => undefined))?.isDirectory() ? folder : undefined
}

/** `…/models--org--name/snapshots/<commit>` names its repo and commit; any other folder is a repo of its own name. */
function repoOfFolder(folder: string): string {
  const cache = /models--(.+?)--([^/\\]+)[/\\]snapshots[/\\][^/\\]+[/\\]?$/.exec(folder)
  return cache ? `${cache[1]}/${cache[2]}` : `local/${basename(folder)}`
}

function revisionOfFolder(folder: string): string {
  return /[/\\]snapshots[/\\]/.test(folder) ? basename(folder) : 'local'
}

/** A blob in a cache is named by its SHA-256 (LFS) or git id (small files); a plain file tells nothing. */
async function blobHash(path: string): Promise<Pick<RepoFile, 'sha256' | 'gitOid'>> {
  const target = await realpath(path)
  if (basename(dirname(target)) !== 'blobs') return {}
  const name = basename(target)
  if (/^[0-9a-f]{64}$/.test(name)) return { sha256: name }
  if (/^[0-9a-f]{40}$/.test(name)) return { gitOid: name }
  return {}
}
