import type { z } from 'zod'
import { AppError, type methods, type PackFamily, type Rect } from '../../../src-shared/contract'
import type { ProjectStore } from '../../documents/project'
import type { ModelManager } from '../../models/ModelManager'
import { segmentationSource } from '../../segmentation/segmentationSource'
import { defineJobKind, taskSteps } from '../documentJob'

export type SubjectInput = z.output<(typeof methods)['segmentation.subject']['input']>
export type PointInput = z.output<(typeof methods)['segmentation.point']['input']>

/**
 * Select subject: the salient-object pack's soft mask of a layer (or of the visible image). A kind that answers:
 * nothing in the document changes, the renderer makes the mask a selection (or a layer mask).
 */
export const selectSubject = defineJobKind({
  kind: 'selectSubject',
  plan: async (store: ProjectStore, input: SubjectInput, { models }) => {
    const pack = await segmentationPack(models, 'salient', input.packId)
    return { label: pack.name, pack, source: segmentationSource(store, input.layerId) }
  },
  run: ({ pack, source }, context) => context.compute.run('segmentation.subject', { packDir: pack.dir, image: source.image }, taskSteps(context)),
  commit: ({ pack, source }, result) => ({ output: { packId: pack.id, mask: { rect: source.rect, alpha: result.alpha }, modelMs: result.modelMs, refineMs: result.refineMs } }),
})

/** Click to segment: SAM's mask from points and a box, the image's embeddings kept in the host between clicks. Answers. */
export const segmentObject = defineJobKind({
  kind: 'segmentObject',
  plan: async (store: ProjectStore, input: PointInput, { models }) => {
    if (input.points.length === 0 && !input.box) throw new AppError('segmentation.noPrompt', 'Click a point or drag a box to segment.')
    const pack = await segmentationPack(models, 'sam', input.packId)
    const source = segmentationSource(store, input.layerId)
    const { rect } = source
    const points = input.points.map((point) => {
      const [x, y] = [point.x - rect.x, point.y - rect.y]
      if (!(x >= 0 && y >= 0 && x < rect.width && y < rect.height)) {
        throw new AppError('segmentation.pointOutside', `The point (${point.x}, ${point.y}) lies outside the image.`, { x: point.x, y: point.y })
      }
      return { x, y, positive: point.positive }
    })
    const box = input.box && boxInside(input.box, rect)
    return { label: pack.name, pack, source, points, box, useLastMask: input.useLastMask }
  },
  // The host reads the image only when it has no embeddings for its key (a first click, or a restarted host).
  run: ({ pack, source, points, box, useLastMask }, context) => {
    const { rect, key, image } = source
    const request = { packDir: pack.dir, imageKey: key, image, width: rect.width, height: rect.height, points, ...(box ? { box } : {}), useLastMask }
    return context.compute.run('segmentation.prompt', request, taskSteps(context))
  },
  commit: ({ pack, source }, result) => ({
    output: { packId: pack.id, mask: { rect: source.rect, alpha: result.mask }, encoderRuns: result.encoderRuns, decoderMs: result.decoderMs },
  }),
})

/** The pack asked for, or the first installed one of the family; none is pack.notInstalled naming the family. */
async function segmentationPack(models: ModelManager, family: PackFamily, packId: string | undefined) {
  const installed = (await models.list()).filter((pack) => pack.family === family)
  const pack = packId ? installed.find((p) => p.id === packId) : installed[0]
  if (!pack) {
    const what = family === 'salient' ? 'a salient-object (Select subject) pack' : 'a SAM (click to segment) pack'
    throw new AppError('pack.notInstalled', `${packId ? `${packId} is not ${what}` : `No ${what} is installed`}.`, { family, ...(packId ? { packId } : {}) })
  }
  return { id: pack.id, name: pack.name, dir: models.packDir(pack.id) }
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
