import type { HistoryEntry } from '../../../src-shared/contract'

/**
 * The versions a recording may start after, for a run ending at `to`: its ancestors, newest first, the original
 * (the version that opened the photo) last. The history lists newest first with each version's parent.
 */
export function ancestorsOf(history: HistoryEntry[], to: number): HistoryEntry[] {
  const byId = new Map(history.map((entry) => [entry.id, entry]))
  const ancestors: HistoryEntry[] = []
  for (let parent = byId.get(to)?.parentId; parent !== null && parent !== undefined; parent = byId.get(parent)?.parentId) {
    const entry = byId.get(parent)
    if (!entry) break
    ancestors.push(entry)
  }
  return ancestors
}
