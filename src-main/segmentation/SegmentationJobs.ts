import type { z } from 'zod'
import { AppError, type methods, type MethodOutput, type PackFamily, type Rect } from '../../src-shared/contract'
import type { OpenProjects } from '../documents/OpenProjects'
import type { JobQueue } from '../jobs/JobQueue'
import type { ModelManager } from '../models/ModelManager'
import { segmentationSource } from './segmentationSource'

export type SubjectInput = z.output<(typeof methods)['segmentation.subject']['input']>
export type PointInput = z.output<(typeof methods)['segmentation.point']['input']>

/**
 * Select subject and click to segment, as jobs on the one queue (progress, cancel, the status bar). Neither
 * changes the document: the answer is a soft mask the renderer turns into a selection (or, later, a layer mask).
 */
export class SegmentationJobs {
  constructor(
    private readonly projects: OpenProjects,
    private readonly jobs: JobQueue,
    private readonly models: ModelManager,
  ) {}

  async subject(input: SubjectInput): Promise<MethodOutput<'segmentation.subject'>> {
    const pack = await this.pack('salient', input.packId)
    const source = segmentationSource(this.projects.store(input.documentId), input.layerId)
    const { width, height } = source.rect
    const { id, done } = this.jobs.submit({
      kind: 'selectSubject',
      label: pack.name,
      run: async ({ compute, signal, progress }) => {
        const rgba = await source.pixels(compute)
        return compute.run('segmentation.subject', { packDir: pack.dir, width, height, rgba }, { signal, onProgress: (fraction, message) => progress({ fraction, message }) })
      },
    })
    const result = await done
    return { jobId: id, packId: pack.id, mask: { rect: source.rect, alpha: result.alpha }, modelMs: result.modelMs, refineMs: result.refineMs }
  }

  async point(input: PointInput): Promise<MethodOutput<'segmentation.point'>> {
    if (input.points.length === 0 && !input.box) throw new AppError('segmentation.noPrompt', 'Click a point or drag a box to segment.')
    const pack = await this.pack('sam', input.packId)
    const source = segmentationSource(this.projects.store(input.documentId), input.layerId)
    const { rect } = source
    const points = input.points.map((point) => {
      const [x, y] = [point.x - rect.x, point.y - rect.y]
      if (!(x >= 0 && y >= 0 && x < rect.width && y < rect.height)) {
        throw new AppError('segmentation.pointOutside', `The point (${point.x}, ${point.y}) lies outside the image.`, { x: point.x, y: point.y })
      }
      return { x, y, positive: point.positive }
    })
    const box = input.box && boxInside(input.box, rect)
    const { id, done } = this.jobs.submit({
      kind: 'segmentObject',
      label: pack.name,
      run: async ({ compute, signal, progress }) => {
        const options = { signal, onProgress: (fraction: number, message?: string) => progress({ fraction, message }) }
        const request = { packDir: pack.dir, imageKey: source.key, width: rect.width, height: rect.height, points, ...(box ? { box } : {}), useLastMask: input.useLastMask }
        const first = await compute.run('segmentation.prompt', request, options)
        // The host has no embeddings for this image yet (first click, or a restarted host): send it the pixels once.
        return first.needsImage ? compute.run('segmentation.prompt', { ...request, rgba: await source.pixels(compute) }, options) : first
      },
    })
    const result = await done
    if (result.needsImage) throw new AppError('compute.failed', 'The compute host did not encode the image it was sent.')
    return { jobId: id, packId: pack.id, mask: { rect, alpha: result.mask }, encoderRuns: result.encoderRuns, decoderMs: result.decoderMs }
  }

  /** The pack asked for, or the first installed one of the family; none is pack.notInstalled naming the family. */
  private async pack(family: PackFamily, packId: string | undefined) {
    const installed = (await this.models.list()).filter((pack) => pack.family === family)
    const pack = packId ? installed.find((p) => p.id === packId) : installed[0]
    if (!pack) {
      const what = family === 'salient' ? 'a salient-object (Select subject) pack' : 'a SAM (click to segment) pack'
      throw new AppError('pack.notInstalled', `${packId ? `${packId} is not ${what}` : `No ${what} is installed`}.`, { family, ...(packId ? { packId } : {}) })
    }
    return { id: pack.id, name: pack.name, dir: this.models.packDir(pack.id) }
  }
}

/** A box in the image's coordinates, clipped to it; one that misses the image is segmentation.pointOutside. */
function boxInside(box: Rect, rect: Rect): Rect {
  const left = Math.max(0, box.x - rect.x)
  const top = Math.max(0, box.y - rect.y)
  const right = Math.min(rect.width, box.x + box.width - rect.x)
  const bottom = Math.min(rect.height, box.y + box.height - rect.y)
  if (right <= left || bottom <= top) throw new AppError('segmentation.pointOutside', 'The box lies outside the image.', { x: box.x, y: box.y })
  return { x: left, y: top, width: right - left, height: bottom - top }
}
