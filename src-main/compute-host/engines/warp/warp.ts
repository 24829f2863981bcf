/**
 * Point-based deformation at full size: the drag is solved on a coarse grid by the same moving-least-squares code
 * the renderer previews with (src-shared/warp), resampled bicubically, and the ground the dragged content left
 * is rebuilt by content-aware fill.
 */
import { AppError } from '../../../../src-shared/contract'
import { solveWarp, uncoveredMask, type Drag, type PixelRect, type WarpRegion } from '../../../../src-shared/warp'
import type { StepContext } from '../../taskContext'
import { runInBands, threadCount } from '../../bands/bandPool'
import { layerBytes, resamplingMemory, verticalReach } from './bicubic'
import { fillUncovered } from './fillUncovered'

export interface WarpRequest extends Drag {
  width: number
  height: number
  /** Straight RGBA, row-major. */
  rgba: Uint8Array
  region?: WarpRegion
  /** Rebuild the uncovered area with content-aware fill. Default true. */
  fill?: boolean
}

export interface WarpResult {
  /** The whole layer: bit-identical outside the region and wherever the warp does not move a pixel. */
  rgba: Uint8Array
  /** One byte per pixel, 255 = uncovered (see uncoveredMask): what the fill rebuilt, or would have. */
  uncovered: Uint8Array
  /** Where the drag as asked folds the image over itself; the applied drag is shortened so it does not. */
  foldedCells: PixelRect[]
  /** The fraction of the drag applied: 1 unless it folded. */
  limitFactor: number
}

export async function warp(request: WarpRequest, context: StepContext): Promise<WarpResult> {
  checkRequest(request)
  const { width, height, region } = request
  const fill = request.fill ?? true
  const { field, foldedCells, limitFactor } = solveWarp(request, { width, height }, region)
  const resampleShare = fill ? 0.5 : 1

  // The threads read the source from shared memory and write every row of the output there. The source is copied
  // in a band ahead of them, up to the last row a band can read, so the threads start without waiting for the copy.
  const memory = resamplingMemory(width, height, threadCount())
  const source = layerBytes(memory, memory.source)
  const reach = verticalReach(field)
  let copiedRows = 0
  const copySourceBefore = (row: number) => {
    const end = Math.min(row, height)
    if (end <= copiedRows) return
    source.set(request.rgba.subarray(copiedRows * width * 4, end * width * 4), copiedRows * width * 4)
    copiedRows = end
  }
  const rowOpacity = new Uint8Array(new SharedArrayBuffer(height))
  const resampled = runInBands(
    { kind: 'warp', memory, field, rowOpacity },
    0,
    height,
    async (rows) => {
      context.progress((resampleShare * rows) / height, 'warp')
      await context.checkpoint()
    },
    (_from, to) => copySourceBefore(to + reach + 2),
  )
  // While the threads resample, this one finds what the warp uncovers.
  const uncovered = uncoveredMask(field, width, height)
  await resampled
  // A plain copy: shared memory cannot cross to main.
  const warped = layerBytes(memory, memory.out).slice()
  if (!fill || !uncovered.includes(255)) return { rgba: warped, uncovered, foldedCells, limitFactor }

  await context.checkpoint()
  await fillUncovered(
    { width, height, rgba: warped },
    uncovered,
    { checkpoint: () => context.checkpoint(), progress: (fraction) => context.progress(resampleShare + (1 - resampleShare) * fraction, 'fill') },
  )
  return { rgba: warped, uncovered, foldedCells, limitFactor }
}

function checkRequest({ width, height, rgba, handles, targets, pins, region }: WarpRequest): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new AppError('api.badInput', `A warp needs a positive whole width and height, not ${width}×${height}.`)
  if (rgba.length !== width * height * 4) throw new AppError('api.badInput', `${width}×${height} RGBA takes ${width * height * 4} bytes, not ${rgba.length}.`)
  if (handles.length === 0 || handles.length !== targets.length)
    throw new AppError('api.badInput', `A warp needs one target per handle (${handles.length} handles, ${targets.length} targets).`)
  if (![...handles, ...targets, ...pins].every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)))
    throw new AppError('api.badInput', 'Every handle, target and pin needs finite coordinates.')
  if (!region) return
  const { x, y, width: w, height: h } = region.rect
  if (!(x >= 0 && y >= 0 && w >= 1 && h >= 1 && x + w <= width && y + h <= height) || ![x, y, w, h].every(Number.isInteger))
    throw new AppError('api.badInput', `The region ${w}×${h} at (${x}, ${y}) must lie inside the ${width}×${height} layer.`)
  if (region.mask.length !== w * h) throw new AppError('api.badInput', `The region's mask must have one byte per pixel (${w * h}), not ${region.mask.length}.`)
}
