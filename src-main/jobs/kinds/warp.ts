import type { z } from 'zod'
import { AppError, type methods } from '../../../src-shared/contract'
import type { Drag } from '../../../src-shared/warp'
import type { ProjectStore } from '../../documents/project'
import { checkDrag } from '../../warp/checkDrag'
import { recordRegion, type RecordedRegion } from '../../warp/recordedRegion'
import { defineJobKind, taskSteps } from '../documentJob'
import { fromTransfer } from '../tiledTransfer'
import { tilesOntoHead } from '../tilesOntoHead'

export type WarpApplyInput = z.output<(typeof methods)['warp.apply']['input']>

/** What a 'warp' version records in its parameters: enough to reopen the drag in the drag tool. */
export interface RecordedWarp extends Drag {
  layerId: string
  fill: boolean
  region?: RecordedRegion
  limitFactor: number
  foldedCells: number
  uncoveredPixels: number
}

/**
 * Drag to deform: the drag is checked before anything is queued, the compute host reads and warps the layer at
 * full size, and the result is one 'warp' version whose parameters hold the drag (warp.fromVersion reopens it).
 */
export const warpLayer = defineJobKind({
  kind: 'warp',
  // Edits made meanwhile stay: the tiles the drag changed are carried onto the head, refused where both changed a pixel.
  onNewerHead: tilesOntoHead,
  plan: async (store: ProjectStore, input: WarpApplyInput) => {
    const layer = store.layers().find((l) => l.id === input.layerId)
    if (!layer) throw new AppError('project.layerNotFound', `No layer ${input.layerId} in this document.`, { layerId: input.layerId })
    checkDrag(input, layer, store.document())
    const { region } = input
    if (region) {
      const { x, y, width, height } = region.rect
      if (x < 0 || y < 0 || x + width > layer.width || y + height > layer.height)
        throw new AppError('api.badInput', `The region ${width}×${height} at (${x}, ${y}) must lie inside the ${layer.width}×${layer.height} layer.`)
    }
    const drag: Drag = { handles: input.handles, targets: input.targets, pins: input.pins, mode: input.mode, ...(input.radius !== undefined && { radius: input.radius }) }
    const label = `${input.mode} drag, ${input.handles.length} ${input.handles.length === 1 ? 'handle' : 'handles'}`
    return { label, input, layer, drag, recorded: region ? await recordRegion(region) : undefined, started: 0 }
  },
  run: (plan, context) => {
    plan.started = performance.now()
    // The compute host reads the version the call saw: versions never change, so reading it now is reading it then.
    const { layerId, region, fill } = plan.input
    return context.compute.run('project.warpToTiles', { file: context.store.file, versionId: context.versionId, layerId, ...plan.drag, region, fill }, taskSteps(context))
  },
  commit: ({ input, layer, drag, recorded, started }, { tiled, limitFactor, foldedCells, uncoveredPixels }) => {
    const params: RecordedWarp = {
      layerId: layer.id,
      ...drag,
      fill: input.fill,
      ...(recorded ? { region: recorded.recorded } : {}),
      limitFactor,
      foldedCells: foldedCells.length,
      uncoveredPixels,
    }
    return {
      output: { limitFactor, foldedCells },
      edit: {
        operation: 'warp',
        engine: `moving least squares (${input.mode})`,
        maskRef: recorded?.maskRef,
        params: { ...params },
        durationMs: Math.round(performance.now() - started),
        layers: [{ layerId: layer.id, pixels: fromTransfer(tiled) }],
      },
    }
  },
  // version.committed tells how much of the drag applied and where it folded.
  details: (output) => ({ ...output }),
})
