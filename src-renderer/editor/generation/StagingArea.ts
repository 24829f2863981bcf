import type { StagedCandidate } from '../../../src-shared/contract'
import type { ApiClient } from '../../transport/client'
import { Store } from '../Store'

export interface StagingState {
  /** Candidates waiting for the user's choice, oldest first. */
  candidates: StagedCandidate[]
  /** Flagged candidates the user chose to see unblurred. */
  revealed: string[]
}

/** What the staging area needs from the editor: the open document, showing a new head, reporting a failure. */
export interface StagingHost {
  documentId(): string | undefined
  refresh(): Promise<void>
  showError(error: unknown): void
}

/**
 * The staging strip's model (InvokeAI's staging area): candidates of a batch, and flagged results, wait here
 * until the user accepts some (each becomes a version) or discards them. Nothing here touches the document
 * until an accept, which main commits.
 */
export class StagingArea extends Store<StagingState> {
  constructor(
    private readonly api: ApiClient,
    private readonly host: StagingHost,
  ) {
    super({ candidates: [], revealed: [] })
  }

  receive(candidate: StagedCandidate): void {
    if (candidate.documentId !== this.host.documentId()) return
    this.set({ ...this.get(), candidates: [...this.get().candidates, candidate] })
  }

  /** The candidates main still holds for the document now shown (after opening it or reloading the window). */
  async load(): Promise<void> {
    const documentId = this.host.documentId()
    const { candidates } = documentId ? await this.api.call('generation.staged', { documentId }) : { candidates: [] }
    this.set({ candidates, revealed: [] })
  }

  async accept(candidateId: string): Promise<void> {
    const documentId = this.host.documentId()
    if (!documentId) return
    try {
      await this.api.call('generation.accept', { documentId, candidateId })
      this.drop([candidateId])
      await this.host.refresh()
    } catch (error) {
      this.host.showError(error)
    }
  }

  async discard(candidateIds: string[]): Promise<void> {
    const documentId = this.host.documentId()
    if (!documentId || candidateIds.length === 0) return
    try {
      await this.api.call('generation.discard', { documentId, candidateIds })
      this.drop(candidateIds)
    } catch (error) {
      this.host.showError(error)
    }
  }

  discardAll(): Promise<void> {
    return this.discard(this.get().candidates.map((c) => c.id))
  }

  reveal(candidateId: string): void {
    this.set({ ...this.get(), revealed: [...this.get().revealed, candidateId] })
  }

  private drop(candidateIds: string[]): void {
    const { candidates, revealed } = this.get()
    this.set({ candidates: candidates.filter((c) => !candidateIds.includes(c.id)), revealed: revealed.filter((id) => !candidateIds.includes(id)) })
  }
}
