import type { z } from 'zod'
import { AppError, type methods } from '../../../src-shared/contract'
import type { Drag, PixelRect } from '../../../src-shared/warp'
import type { ProjectStore } from '../../documents/project'
import { checkDrag } from '../../warp/checkDrag'
import { recordRegion, type RecordedRegion } from '../../warp/recordedRegion'
import { defineJobKind } from '../documentJob'

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
 * Drag to deform: the drag is checked before anything is queued, the compute host warps the layer at full size,
 * and the result is one 'warp' version whose parameters hold the drag (warp.fromVersion reopens it).
 */
export const warpLayer = defineJobKind({
  kind: 'warp',
  // As before the registry: the warped rectangle is pasted onto the head of its commit, edits made meanwhile kept.
  onNewerHead: 'commit',
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
  run: (plan, { compute, signal, progress, store, versionId }) => {
    plan.started = performance.now()
    // The version the call saw: versions never change, so reading it now is reading it then.
    const pixels = store.readLayer(versionId, plan.layer.id)
    return compute.run(
      'engines.warp',
      { width: pixels.width, height: pixels.height, rgba: pixels.rgba, ...plan.drag, region: plan.input.region, fill: plan.input.fill },
      { signal, onProgress: (fraction, message) => progress({ fraction, message }) },
    )
  },
  commit: ({ input, layer, drag, recorded, started }, result) => {
    const rect = input.region?.rect ?? { x: 0, y: 0, width: layer.width, height: layer.height }
    const params: RecordedWarp = {
      layerId: layer.id,
      ...drag,
      fill: input.fill,
      ...(recorded ? { region: recorded.recorded } : {}),
      limitFactor: result.limitFactor,
      foldedCells: result.foldedCells.length,
      uncoveredPixels: result.uncovered.reduce((count, value) => count + (value ? 1 : 0), 0),
    }
    return {
      output: { limitFactor: result.limitFactor, foldedCells: result.foldedCells },
      edit: {
        operation: 'warp',
        engine: `moving least squares (${input.mode})`,
        maskRef: recorded?.maskRef,
        params: { ...params },
        durationMs: Math.round(performance.now() - started),
        layers: [{ layerId: layer.id, pixels: { rect, rgba: crop(result.rgba, layer.width, rect) } }],
      },
    }
  },
  // version.committed tells how much of the drag applied and where it folded.
  details: (output) => ({ ...output }),
})

/** The pixels of `rect` from a whole layer `width` pixels wide. */
function crop(rgba: Uint8Array, width: number, rect: PixelRect): Buffer {
  const out = Buffer.alloc(rect.width * rect.height * 4)
  for (let row = 0; row < rect.height; row++) {
    const from = ((rect.y + row) * width + rect.x) * 4
    out.set(rgba.subarray(from, from + rect.width * 4), row * rect.width * 4)
  }
  return out
}
