import { AppError } from '../../src-shared/contract'
import type { OpenProjects } from '../documents/OpenProjects'
import type { Edit, ProjectStore, TiledPixels, VersionId } from '../documents/project'
import type { Emit, JobContext, JobQueue } from './JobQueue'

/** What a kind's plan always carries: the job list's label, and the version its run reads. */
export interface JobPlan {
  label: string
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
  plan(store: ProjectStore, input: Input): Plan | Promise<Plan>
  run(plan: Plan, context: JobContext & { store: ProjectStore; versionId: VersionId }): Promise<Result>
  commit(plan: Plan, result: Result, store: ProjectStore): { edit?: Edit; output: Output } | Promise<{ edit?: Edit; output: Output }>
  /** A kind's own event after version.committed, for views that still listen to it (the drag tool's warp.committed). */
  announce?(emit: Emit, committed: Committed, output: Output): void
}

/** What version.committed says. */
export interface Committed {
  jobId: string
  documentId: string
  versionId: VersionId
  changedTiles: { layerId: string; tiles: number[] }[]
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
    private readonly emit: Emit,
  ) {}

  async submit<Input, Plan extends JobPlan, Result, Output>(
    kind: DocumentJobKind<Input, Plan, Result, Output>,
    documentId: string,
    input: Input,
  ): Promise<{ jobId: string; done: Promise<Output> }> {
    const store = this.projects.store(documentId)
    const plan = await kind.plan(store, input)
    const versionId = store.head
    let output: Output
    let signal: AbortSignal | undefined
    const { id, done } = this.queue.submit<Result>({
      kind: kind.kind,
      label: plan.label,
      run: (context) => {
        signal = context.signal
        return kind.run(plan, { ...context, store, versionId })
      },
      commit: async (result) => {
        const { edit, output: answer } = await kind.commit(plan, result, store)
        output = answer
        if (!edit) return
        // Tiles first, a few per transaction, then the version in one short one; the head check after the awaits.
        for (const layer of edit.layers) for (const pixels of [layer.pixels, layer.mask?.pixels]) if (isTiled(pixels)) await store.storeTiles(pixels.newTiles ?? [])
        // A cancel while the tiles were stored still keeps the version out (the stored tiles are unnamed, harmless).
        if (signal?.aborted) throw new AppError('compute.cancelled', `${kind.kind} was cancelled.`)
        if (store.head !== versionId && kind.onNewerHead !== 'commit') {
          throw new AppError('compute.failed', `The document changed while ${kind.kind} ran on version ${versionId}; nothing was committed.`, { versionId })
        }
        const committed = { jobId: id, documentId, ...store.commitEdit(edit) }
        this.emit('version.committed', { ...committed, kind: kind.kind })
        kind.announce?.(this.emit, committed, answer)
      },
    })
    return { jobId: id, done: done.then(() => output) }
  }

  /** Submits and waits: for the calls whose answer is the job's (merge, flatten, export). */
  async run<Input, Plan extends JobPlan, Result, Output>(kind: DocumentJobKind<Input, Plan, Result, Output>, documentId: string, input: Input): Promise<Output> {
    return (await this.submit(kind, documentId, input)).done
  }
}

function isTiled(pixels: unknown): pixels is TiledPixels {
  return typeof pixels === 'object' && pixels !== null && 'grid' in pixels
}
