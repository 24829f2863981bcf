/** One file of a repo as a listing gives it: what the installer picks from, downloads and checks. */
export interface RepoFile {
  path: string
  size: number
  /** The content's SHA-256: the Hub gives it for LFS files (`lfs.oid`); a Hub cache names blobs by it. */
  sha256?: string
  /** The git blob id (SHA-1 of `blob <size>\0<content>`): the Hub's `oid` of a file kept in git itself. */
  gitOid?: string
  /** Where the bytes already are on this machine (an imported folder, the Hugging Face cache). */
  local?: string
}

/** A repo at one commit, and where its files come from. */
export interface RepoListing {
  repo: string
  /** The commit id, or for a folder without one, 'local'. */
  revision: string
  files: RepoFile[]
  licence?: string
  /** The URL a file downloads from; absent for a folder on disk. */
  url?: (path: string) => string
}

export const fileNamed = (listing: RepoListing, path: string): RepoFile | undefined => listing.files.find((file) => file.path === path)

/**
 * The external-data files beside a graph, by the names exporters give them: `<graph>_data` (webnn, Optimum
 * over 2 GB), `<graph>.data`, and `weights.pb` (older Optimum UNets). Which of them the graph really names is
 * checked after download (externalData.ts).
 */
export function sidecars(listing: RepoListing, graph: string): RepoFile[] {
  const folder = graph.includes('/') ? graph.slice(0, graph.lastIndexOf('/') + 1) : ''
  const names = new Set([`${graph}_data`, `${graph}.data`, `${folder}weights.pb`])
  return listing.files.filter((file) => names.has(file.path))
}
