import { AppError } from '../../src-shared/contract'
import type { OpenProjects } from '../documents/OpenProjects'
import type { Edit, ProjectStore, TiledPixels, VersionId } from '../documents/project'
import type { StagedResult } from '../generation/generationPlan'
import type { StagedCandidates } from '../generation/StagedCandidates'
import type { ModelManager } from '../models/ModelManager'
import type { Emit, JobContext, JobQueue } from './JobQueue'

/** What a kind's plan always carries: the job list's label, and, where one kind does several things, which (edit, inpaint…). */
export interface JobPlan {
  label: string
  /** The job list's kind and version.committed's, when not the kind's own name (a generation's operation). */
  kind?: string
}

/** What main lends the kinds beside the project: the installed packs, events, and the stage of results awaiting the user. */
export interface JobServices {
  models: ModelManager
  emit: Emit
  staging: StagedCandidates<StagedResult>
}

/**
 * One kind of document job, as the registry (jobKinds.ts) lists it. Every kind takes the same steps, in this order:
 * `plan` finds the layers and checks their locks while the call waits, so a refusal answers it at once (it reads the
 * stack, never pixels); `run` does the work on the compute host, which reads the version's tiles itself; `commit`
 * turns the result into one version's edit (or none: an export) and the call's answer. The runner does the rest the
 * same way for all: queueing, progress, cancel, storing the tiles, the one transaction and `version.committed`.
 */
export interface DocumentJobKind<Input, Plan extends JobPlan, Result, Output> {
  kind: string
  /**
   * When another edit moved the head while the job ran: 'refuse' (the default: a merge or flatten of an older stack
   * would undo that edit) or 'commit' onto the new head (a kind whose edit patches only its own rectangle).
   */
  onNewerHead?: 'refuse' | 'commit'
  plan(store: ProjectStore, input: Input, services: JobServices): Plan | Promise<Plan>
  run(plan: Plan, context: JobContext & { store: ProjectStore; versionId: VersionId; services: JobServices }): Promise<Result>
  /**
   * The result as one version's edit, or none: a kind that answers (export, segmentation), or one whose result waits
   * for the user (a generation's staged candidates, committed later by DocumentJobs.commitStaged when accepted).
   */
  commit(plan: Plan, result: Result, store: ProjectStore): { edit?: Edit; output: Output } | Promise<{ edit?: Edit; output: Output }>
  /** What version.committed adds about the result for the views (a removal's sampling fallback, a warp's fold count). */
  details?(output: Output): Record<string, unknown> | undefined
}

/** What version.committed says. */
export interface Committed {
  jobId: string
  kind: string
  documentId: string
  versionId: VersionId
  changedTiles: { layerId: string; tiles: number[] }[]
  details?: Record<string, unknown>
}

/** A kind, typed as written: `defineJobKind({...})` keeps its input and output types for the registry. */
export function defineJobKind<Input, Plan extends JobPlan, Result, Output>(kind: DocumentJobKind<Input, Plan, Result, Output>) {
  return kind
}

/** Runs the registry's kinds through main's one queue. */
export class DocumentJobs {
  constructor(
    private readonly projects: OpenProjects,
    private readonly queue: JobQueue,
    private readonly services: JobServices,
  ) {}

  async submit<Input, Plan extends JobPlan, Result, Output>(
    kind: DocumentJobKind<Input, Plan, Result, Output>,
    documentId: string,
    input: Input,
  ): Promise<{ jobId: string; done: Promise<Output> }> {
    const store = this.projects.store(documentId)
    const plan = await kind.plan(store, input, this.services)
    const versionId = store.head
    const name = plan.kind ?? kind.kind
    let output: Output
    let signal: AbortSignal | undefined
    const { id, done } = this.queue.submit<Result>({
      kind: name,
      label: plan.label,
      run: (context) => {
        signal = context.signal
        return kind.run(plan, { ...context, store, versionId, services: this.services })
      },
      commit: async (result) => {
        const { edit, output: answer } = await kind.commit(plan, result, store)
        output = answer
        if (!edit) return
        await this.store(store, edit, () => {
          // A cancel while the tiles were stored still keeps the version out (the stored tiles are unnamed, harmless).
          if (signal?.aborted) throw new AppError('compute.cancelled', `${name} was cancelled.`)
          if (store.head !== versionId && kind.onNewerHead !== 'commit') {
            throw new AppError('compute.failed', `The document changed while ${name} ran on version ${versionId}; nothing was committed.`, { versionId })
          }
        })
        this.announce({ jobId: id, kind: name, documentId, ...store.commitEdit(edit), details: kind.details?.(answer) })
      },
    })
    const finished = done.then(() => output)
    // As the queue's own `done`: a caller that only watches events never awaits this, and a failed or cancelled
    // job's rejection must not reach Node as unhandled (it ends main's process).
    finished.catch(() => {})
    return { jobId: id, done: finished }
  }

  /**
   * Commits a result a kind kept waiting (a generation's staged candidate, accepted): the same steps as a job's
   * commit, onto the head as it is now, announced as version.committed under the job that made it.
   */
  async commitStaged(documentId: string, jobId: string, kind: string, edit: Edit): Promise<Committed> {
    const store = this.projects.store(documentId)
    await this.store(store, edit, () => {})
    const committed = { jobId, kind, documentId, ...store.commitEdit(edit) }
    this.announce(committed)
    return committed
  }

  /** Tiles first, a few per transaction, then `check` (after the awaits), before the version's one short transaction. */
  private async store(store: ProjectStore, edit: Edit, check: () => void): Promise<void> {
    for (const layer of edit.layers) for (const pixels of [layer.pixels, layer.mask?.pixels]) if (isTiled(pixels)) await store.storeTiles(pixels.newTiles ?? [])
    check()
  }

  private announce({ details, ...committed }: Committed): void {
    this.services.emit('version.committed', { ...committed, ...(details ? { details } : {}) })
  }

  /** Submits and waits: for the calls whose answer is the job's (merge, flatten, export). */
  async run<Input, Plan extends JobPlan, Result, Output>(kind: DocumentJobKind<Input, Plan, Result, Output>, documentId: string, input: Input): Promise<Output> {
    return (await this.submit(kind, documentId, input)).done
  }
}

function isTiled(pixels: unknown): pixels is TiledPixels {
  return typeof pixels === 'object' && pixels !== null && 'grid' in pixels
}
