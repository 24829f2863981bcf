import type { z } from 'zod'
import { AppError, type MethodOutput, type methods } from '../../src-shared/contract'
import type { Drag, PixelRect, Point, WarpMode } from '../../src-shared/warp'
import type { TaskOutput } from '../compute/ComputeHost'

type WarpResult = TaskOutput<'engines.warp'>
import type { OpenProjects } from '../documents/OpenProjects'
import type { Emit, JobQueue } from '../jobs/JobQueue'
import { checkDrag } from './checkDrag'
import { recordRegion, restoreRegion, type RecordedRegion } from './recordedRegion'

export type WarpApplyInput = z.output<(typeof methods)['warp.apply']['input']>

/** What a 'warp' version records in its parameters: enough to reopen the drag in the drag tool. */
interface RecordedWarp extends Drag {
  layerId: string
  fill: boolean
  region?: RecordedRegion
  limitFactor: number
  foldedCells: number
  uncoveredPixels: number
}

/**
 * Drag to deform as jobs: the drag is checked before anything is queued, the layer's pixels are read at once
 * (the user may keep editing while the job waits), the compute host warps them at full size, and the result is
 * committed as one 'warp' version whose parameters hold the drag.
 */
export class WarpJobs {
  constructor(
    private readonly projects: OpenProjects,
    private readonly jobs: JobQueue,
    private readonly emit: Emit,
  ) {}

  async apply(input: WarpApplyInput): Promise<{ jobId: string }> {
    const store = this.projects.store(input.documentId)
    const layer = store.layers().find((l) => l.id === input.layerId)
    if (!layer) throw new AppError('project.layerNotFound', `No layer ${input.layerId} in this document.`, { layerId: input.layerId })
    checkDrag(input, layer, store.document())
    const { region } = input
    if (region) {
      const { x, y, width, height } = region.rect
      if (x < 0 || y < 0 || x + width > layer.width || y + height > layer.height)
        throw new AppError('api.badInput', `The region ${width}×${height} at (${x}, ${y}) must lie inside the ${layer.width}×${layer.height} layer.`)
    }
    const pixels = store.readLayer(store.head, layer.id)
    const recorded = region ? await recordRegion(region) : undefined
    const drag: Drag = { handles: input.handles, targets: input.targets, pins: input.pins, mode: input.mode, ...(input.radius !== undefined && { radius: input.radius }) }
    let started = 0
    const { id } = this.jobs.submit<WarpResult>({
      kind: 'warp',
      label: `${input.mode} drag, ${input.handles.length} ${input.handles.length === 1 ? 'handle' : 'handles'}`,
      run: ({ compute, signal, progress }) => {
        started = performance.now()
        return compute.run(
          'engines.warp',
          { width: pixels.width, height: pixels.height, rgba: pixels.rgba, ...drag, region, fill: input.fill },
          { signal, onProgress: (fraction, message) => progress({ fraction, message }) },
        )
      },
      commit: (result) => {
        const rect = region?.rect ?? { x: 0, y: 0, width: pixels.width, height: pixels.height }
        const params: RecordedWarp = {
          layerId: layer.id,
          ...drag,
          fill: input.fill,
          ...(recorded ? { region: recorded.recorded } : {}),
          limitFactor: result.limitFactor,
          foldedCells: result.foldedCells.length,
          uncoveredPixels: result.uncovered.reduce((count, value) => count + (value ? 1 : 0), 0),
        }
        const { versionId, changedTiles } = store.commitEdit({
          operation: 'warp',
          engine: `moving least squares (${input.mode})`,
          maskRef: recorded?.maskRef,
          params: { ...params },
          durationMs: Math.round(performance.now() - started),
          layers: [{ layerId: layer.id, pixels: { rect, rgba: crop(result.rgba, pixels.width, rect) } }],
        })
        this.emit('warp.committed', {
          jobId: id,
          documentId: input.documentId,
          versionId,
          changedTiles,
          limitFactor: result.limitFactor,
          foldedCells: result.foldedCells,
        })
      },
    })
    return { jobId: id }
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

/** The pixels of `rect` from a whole layer `width` pixels wide. */
function crop(rgba: Uint8Array, width: number, rect: PixelRect): Buffer {
  const out = Buffer.alloc(rect.width * rect.height * 4)
  for (let row = 0; row < rect.height; row++) {
    const from = ((rect.y + row) * width + rect.x) * 4
    out.set(rgba.subarray(from, from + rect.width * 4), row * rect.width * 4)
  }
  return out
}
