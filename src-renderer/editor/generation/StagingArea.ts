import type { StagedCandidate } from '../../../src-shared/contract'
import type { ApiClient } from '../../transport/apiClient'
import { Store } from '../Store'

export interface StagingState {
  /** Candidates waiting for the user's choice, oldest first. */
  candidates: StagedCandidate[]
  /** The candidate chosen in the strip (by a click or ← →); the first when none is. */
  selectedId?: string
  /** The candidate under the pointer in the strip, shown on the canvas while it is there. */
  hoveredId?: string
}

/** What the staging area needs from the editor: the open document, showing a new head, reporting a failure. */
export interface StagingHost {
  documentId(): string | undefined
  refresh(): Promise<void>
  showError(error: unknown): void
}

/**
 * The staging strip's model (InvokeAI's staging area): candidates of a batch, and flagged results, wait here
 * until the user accepts some (each becomes a version) or discards them; the one shown is previewed on the
 * canvas over the area it would change. Nothing here touches the document until an accept, which main commits.
 */
export class StagingArea extends Store<StagingState> {
  constructor(
    private readonly api: ApiClient,
    private readonly host: StagingHost,
  ) {
    super({ candidates: [] })
  }

  /** The candidate the canvas previews: the hovered one, else the selected one, else the first. */
  shown(): StagedCandidate | undefined {
    const { candidates, selectedId, hoveredId } = this.get()
    return candidates.find((c) => c.id === hoveredId) ?? candidates.find((c) => c.id === selectedId) ?? candidates[0]
  }

  receive(candidate: StagedCandidate): void {
    if (candidate.documentId !== this.host.documentId()) return
    this.set({ ...this.get(), candidates: [...this.get().candidates, candidate] })
  }

  /** The candidates main still holds for the document now shown (after opening it or reloading the window). */
  async load(): Promise<void> {
    const documentId = this.host.documentId()
    const { candidates } = documentId ? await this.api.call('generation.staged', { documentId }) : { candidates: [] }
    this.set({ candidates })
  }

  select(candidateId: string): void {
    this.set({ ...this.get(), selectedId: candidateId })
  }

  hover(candidateId: string | undefined): void {
    this.set({ ...this.get(), hoveredId: candidateId })
  }

  /** Selects the candidate `by` places from the shown one, round the strip's ends. */
  step(by: number): void {
    const { candidates } = this.get()
    const at = candidates.indexOf(this.shown()!)
    this.set({ ...this.get(), hoveredId: undefined, selectedId: candidates[(at + by + candidates.length) % candidates.length]?.id })
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

  /** Asks main for a flagged candidate's real preview: until now the window has had only a blurred one. */
  async reveal(candidateId: string): Promise<void> {
    const documentId = this.host.documentId()
    if (!documentId) return
    try {
      const { candidate } = await this.api.call('generation.reveal', { documentId, candidateId })
      this.set({ ...this.get(), candidates: this.get().candidates.map((c) => (c.id === candidate.id ? candidate : c)) })
    } catch (error) {
      this.host.showError(error)
    }
  }

  /** Takes candidates off the strip; when the selected one goes, its neighbour in the strip is selected. */
  private drop(candidateIds: string[]): void {
    const { candidates, selectedId, hoveredId } = this.get()
    const at = candidates.findIndex((c) => c.id === (this.shown()?.id ?? selectedId))
    const left = candidates.filter((c) => !candidateIds.includes(c.id))
    const keep = (id: string | undefined) => (id && !candidateIds.includes(id) ? id : undefined)
    const selected = keep(selectedId) ?? (at >= 0 ? left[Math.min(at, left.length - 1)]?.id : undefined)
    this.set({ candidates: left, selectedId: selected, hoveredId: keep(hoveredId) })
  }
}
