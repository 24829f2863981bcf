import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import { AppError, PREVIEW_SIDE, type StagedCandidate } from '../../src-shared/contract'

/** A staged result and what committing it needs; `T` is the job's own record of how it was made. */
interface Staged<T> {
  candidate: StagedCandidate
  finished: T
}

/**
 * Results waiting for the user's choice (InvokeAI's staging area): a batch's candidates and flagged results.
 * They live in main's memory only, so nothing reaches a project until the user accepts it, and a discarded
 * candidate leaves no trace.
 */
export class StagedCandidates<T> {
  private readonly staged = new Map<string, Staged<T>>()

  /** Keeps a result and answers what the staging strip shows of it. */
  async stage(finished: T, about: Omit<StagedCandidate, 'id' | 'preview'>, rgba: Uint8Array, size: { width: number; height: number }): Promise<StagedCandidate> {
    const preview = await sharp(rgba, { raw: { ...size, channels: 4 }, limitInputPixels: false })
      .resize(PREVIEW_SIDE, PREVIEW_SIDE, { fit: 'inside', withoutEnlargement: true })
      .png()
      .toBuffer()
    const candidate = { ...about, id: randomUUID(), preview }
    this.staged.set(candidate.id, { candidate, finished })
    return candidate
  }

  list(documentId: string): StagedCandidate[] {
    return [...this.staged.values()].filter((s) => s.candidate.documentId === documentId).map((s) => s.candidate)
  }

  /** The candidate's record, refused unless it is still staged for this document. */
  get(documentId: string, candidateId: string): T {
    const staged = this.staged.get(candidateId)
    if (!staged || staged.candidate.documentId !== documentId) {
      throw new AppError('generation.noCandidate', 'That candidate is no longer waiting: it was accepted or discarded.', { candidateId })
    }
    return staged.finished
  }

  /** Drops every candidate of a document not in `open`: a closed document's candidates can never be accepted. */
  retain(open: Set<string>): void {
    for (const [id, staged] of this.staged) if (!open.has(staged.candidate.documentId)) this.staged.delete(id)
  }

  /** Drops the named candidates of this document; ids it does not know are ignored (already gone). */
  remove(documentId: string, candidateIds: string[]): void {
    for (const id of candidateIds) if (this.staged.get(id)?.candidate.documentId === documentId) this.staged.delete(id)
  }
}
