import { AppError } from '../../src-shared/contract'
import type { OpenProjects } from '../documents/OpenProjects'
import type { Edit, ProjectStore, TiledPixels, VersionId } from '../documents/project'
import type { StagedResult } from '../generation/generationPlan'
import type { StagedCandidates } from '../generation/StagedCandidates'
import type { ModelManager } from '../models/ModelManager'
import type { Emit, JobContext, JobQueue } from './JobQueue'
import { storingTiles } from './tiledTransfer'

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

/** What a kind's run has: the queue's context, the document's store, the version the call saw, main's services. */
export type RunContext = JobContext & { store: ProjectStore; versionId: VersionId; services: JobServices }

/** A job's cancel and progress, as ComputeHost.run takes them for a task that is the whole job's work. */
export const taskSteps = ({ signal, progress }: JobContext) => ({ signal, onProgress: (fraction: number, message?: string) => progress({ fraction, message }) })

/**
 * One kind of document job, as the registry (jobKinds.ts) lists it. Every kind takes the same steps, in this order:
 * `plan` finds the layers and checks their locks while the call waits, so a refusal answers it at once (it reads the
 * stack, never pixels); `run` does the work on the compute host, which reads the version's tiles itself; `commit`
 * turns the result into one version's edit (or none: an export) and the call's answer. The runner does the rest the
 * same way for all: queueing, progress, cancel, storing the tiles (a cut's as they come: storingTiles), the one
 * transaction and `version.committed`.
 */
export interface DocumentJobKind<Input, Plan extends JobPlan, Result, Output> {
  kind: string
  /**
   * When another edit moved the head while the job ran: 'refuse' (the default: a merge or flatten of an older stack
   * would undo that edit), 'commit' onto the new head (a kind whose edit patches only its own rectangle), or the edit
   * carried onto the head by a function of the kind's (a generation's tiles made on the version it read).
   */
  onNewerHead?: 'refuse' | 'commit' | ((edit: Edit, store: ProjectStore, seen: VersionId) => Edit)
  plan(store: ProjectStore, input: Input, services: JobServices): Plan | Promise<Plan>
  run(plan: Plan, context: RunContext): Promise<Result>
  /**
   * The result as one version's edit, or none: a kind that answers (export, segmentation), or one whose result waits
   * for the user (a generation's staged candidates, committed later by a job of their own when accepted).
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
  ): Promise<{ jobId: string; done: Promise<Output & { versionId?: VersionId }> }> {
    const store = this.projects.store(documentId)
    const plan = await kind.plan(store, input, this.services)
    const versionId = store.head
    const name = plan.kind ?? kind.kind
    let output: Output
    let committedVersion: VersionId | undefined
    let signal: AbortSignal | undefined
    const { id, done } = this.queue.submit<Result>({
      kind: name,
      label: plan.label,
      run: (context) => {
        signal = context.signal
        return kind.run(plan, { ...context, compute: storingTiles(context.compute, store), store, versionId, services: this.services })
      },
      commit: async (result) => {
        const { edit, output: answer } = await kind.commit(plan, result, store)
        output = answer
        if (!edit) return
        for (const layer of edit.layers) for (const pixels of [layer.pixels, layer.mask?.pixels]) if (isTiled(pixels)) await store.storeTiles(pixels.newTiles ?? [])
        // After the awaits, before the version's one short transaction: a cancel while the tiles were stored still
        // keeps the version out (the stored tiles are unnamed, harmless), and a newer head is the kind's to judge.
        if (signal?.aborted) throw new AppError('compute.cancelled', `${name} was cancelled.`)
        const onto = store.head === versionId ? edit : this.ontoNewerHead(kind, edit, store, versionId, name)
        const committed = store.commitEdit(onto)
        committedVersion = committed.versionId
        this.announce({ jobId: id, kind: name, documentId, ...committed, details: kind.details?.(answer) })
      },
    })
    const finished = done.then(() => ({ ...output, ...(committedVersion === undefined ? {} : { versionId: committedVersion }) }))
    // As the queue's own `done`: a caller that only watches events never awaits this, and a failed or cancelled
    // job's rejection must not reach Node as unhandled (it ends main's process).
    finished.catch(() => {})
    return { jobId: id, done: finished }
  }

  private ontoNewerHead<Input, Plan extends JobPlan, Result, Output>(kind: DocumentJobKind<Input, Plan, Result, Output>, edit: Edit, store: ProjectStore, seen: VersionId, name: string): Edit {
    const rule = kind.onNewerHead ?? 'refuse'
    if (rule === 'commit') return edit
    if (rule === 'refuse') throw new AppError('compute.failed', `The document changed while ${name} ran on version ${seen}; nothing was committed.`, { versionId: seen })
    return rule(edit, store, seen)
  }

  private announce({ details, ...committed }: Committed): void {
    this.services.emit('version.committed', { ...committed, ...(details ? { details } : {}) })
  }

  /** Submits and waits: for the calls whose answer is the job's (merge, flatten, export), with the version it committed. */
  async run<Input, Plan extends JobPlan, Result, Output>(kind: DocumentJobKind<Input, Plan, Result, Output>, documentId: string, input: Input): Promise<Output & { versionId?: VersionId }> {
    return (await this.submit(kind, documentId, input)).done
  }
}

function isTiled(pixels: unknown): pixels is TiledPixels {
  return typeof pixels === 'object' && pixels !== null && 'grid' in pixels
}
