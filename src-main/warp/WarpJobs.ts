import { AppError, type MethodOutput } from '../../src-shared/contract'
import type { Point, WarpMode } from '../../src-shared/warp'
import type { OpenProjects } from '../documents/OpenProjects'
import type { DocumentJobs } from '../jobs/documentJob'
import { jobKinds } from '../jobs/jobKinds'
import type { RecordedWarp } from '../jobs/kinds/warp'
import { restoreRegion } from './recordedRegion'

export type { WarpApplyInput } from '../jobs/kinds/warp'
import type { WarpApplyInput } from '../jobs/kinds/warp'

/** Drag to deform: the job itself is the registry's 'warp' kind; this reopens a warp version in the drag tool. */
export class WarpJobs {
  constructor(
    private readonly projects: OpenProjects,
    private readonly documentJobs: DocumentJobs,
  ) {}

  /** Queues the drag as a job of the registry's 'warp' kind (jobs/kinds/warp.ts). */
  async apply(input: WarpApplyInput): Promise<{ jobId: string }> {
    const { jobId } = await this.documentJobs.submit(jobKinds.warpLayer, input.documentId, input)
    return { jobId }
  }

  /** The drag a 'warp' version applied. */
  async fromVersion({ documentId, versionId }: { documentId: string; versionId: number }): Promise<MethodOutput<'warp.fromVersion'>> {
    const record = this.projects.store(documentId).version(versionId)
    if (record.operation !== 'warp')
      throw new AppError('warp.notAWarp', `Version ${versionId} (${record.operation}) is not a drag, so it cannot be reopened.`, { versionId })
    const params = record.params as unknown as RecordedWarp
    return {
      layerId: params.layerId,
      handles: params.handles as Point[],
      targets: params.targets as Point[],
      pins: params.pins as Point[],
      mode: params.mode as WarpMode,
      fill: params.fill,
      limitFactor: params.limitFactor,
      ...(params.radius !== undefined && { radius: params.radius }),
      ...(params.region ? { region: await restoreRegion(params.region) } : {}),
    }
  }
}
