import { randomUUID } from 'node:crypto'
import { AppError, type StagedCandidate } from '../../src-shared/contract'
import { blurredPng, previewPng, type WorkingImage } from './candidatePreview'

/** A staged result and what committing it needs; `T` is the job's own record of how it was made. */
interface Staged<T> {
  candidate: StagedCandidate
  finished: T
  /** A flagged candidate's real preview, kept in main until the user reveals it. */
  unblurred?: Buffer
}

/**
 * Results waiting for the user's choice (InvokeAI's staging area): a batch's candidates and flagged results.
 * They live in main's memory only, so nothing reaches a project until the user accepts it, and a discarded
 * candidate leaves no trace.
 */
export class StagedCandidates<T> {
  private readonly staged = new Map<string, Staged<T>>()

  /** `openDocuments` answers the ids of the documents open now: a closed document's candidates can never be accepted. */
  constructor(private readonly openDocuments: () => string[]) {}

  /** Keeps a result and answers what the staging strip shows of it: a flagged one only blurred. */
  async stage(finished: T, about: Omit<StagedCandidate, 'id' | 'preview' | 'blurred'>, look: WorkingImage): Promise<StagedCandidate> {
    this.retain(new Set(this.openDocuments()))
    const preview = await previewPng(look)
    const candidate = { ...about, id: randomUUID(), blurred: about.flagged, preview: about.flagged ? await blurredPng(preview) : preview }
    this.staged.set(candidate.id, { candidate, finished, ...(about.flagged ? { unblurred: preview } : {}) })
    return candidate
  }

  list(documentId: string): StagedCandidate[] {
    return [...this.staged.values()].filter((s) => s.candidate.documentId === documentId).map((s) => s.candidate)
  }

  /** The candidate's record, refused unless it is still staged for this document. */
  get(documentId: string, candidateId: string): T {
    return this.find(documentId, candidateId).finished
  }

  /** The candidate with its real preview, from now on also in what `list` answers. */
  reveal(documentId: string, candidateId: string): StagedCandidate {
    const staged = this.find(documentId, candidateId)
    if (staged.unblurred) {
      staged.candidate = { ...staged.candidate, blurred: false, preview: staged.unblurred }
      delete staged.unblurred
    }
    return staged.candidate
  }

  /** Drops every candidate of a document not in `open`. */
  private retain(open: Set<string>): void {
    for (const [id, staged] of this.staged) if (!open.has(staged.candidate.documentId)) this.staged.delete(id)
  }

  /** Drops the named candidates of this document; ids it does not know are ignored (already gone). */
  remove(documentId: string, candidateIds: string[]): void {
    for (const id of candidateIds) if (this.staged.get(id)?.candidate.documentId === documentId) this.staged.delete(id)
  }

  private find(documentId: string, candidateId: string): Staged<T> {
    const staged = this.staged.get(candidateId)
    if (!staged || staged.candidate.documentId !== documentId) {
      throw new AppError('generation.noCandidate', 'That candidate is no longer waiting: it was accepted or discarded.', { candidateId })
    }
    return staged
  }
}
