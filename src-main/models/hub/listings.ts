import { cachedSnapshot, cachedSnapshots, listFolder } from './hubCache'
import { listRepo } from './hubClient'
import type { HubSettings } from './HubSettings'
import type { RepoListing } from './repoFiles'

/** A Hub listing whose files the Hugging Face cache already holds at that commit point at the cached copies. */
export async function listHub(hub: HubSettings, repo: string, revision: string): Promise<RepoListing> {
  const listing = await listRepo(await hub.access(), repo, revision)
  const snapshot = await cachedSnapshot(listing.repo, listing.revision)
  if (!snapshot) return listing
  const cached = new Map((await listFolder(snapshot, listing.repo, listing.revision)).files.map((file) => [file.path, file]))
  return { ...listing, files: listing.files.map((file) => (cached.get(file.path)?.size === file.size ? { ...file, local: cached.get(file.path)!.local } : file)) }
}

/** A folder import's companion (its tokenizer, say) comes from the cache when it is there, else from the Hub. */
export async function listCompanion(hub: HubSettings, repo: string, revision: string): Promise<RepoListing> {
  const snapshot = (await cachedSnapshots()).find((s) => s.repo === repo)
  return snapshot ? listFolder(snapshot.folder, snapshot.repo, snapshot.revision) : listHub(hub, repo, revision)
}
