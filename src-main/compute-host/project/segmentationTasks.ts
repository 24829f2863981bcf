import { AppError } from '../../../src-shared/contract'
import { promptSegment, type PromptRequest, type PromptResult } from '../segmentation/promptSegment'
import { selectSubject, type SubjectRequest, type SubjectResult } from '../segmentation/selectSubject'
import type { StepContext, Task } from '../taskContext'
import { composite, readProject, type ProjectRead, type StackRequest } from './projectReads'

/** The picture a segmenter looks at: one raster layer's own pixels, or the visible layers composited as export does. */
export type SegmentationImage = (ProjectRead & { layerId: string }) | StackRequest

/** The segmenters, given the picture they look at read from the project's tiles here. */
export const segmentationTasks = {
  /** Select subject: a salient-object pack's alpha, refined to full resolution with the guided filter (issue 16). */
  'segmentation.subject': (async ({ image, ...request }, context) => selectSubject({ ...request, ...(await readImage(image, context)) }, context)) as Task<
    Omit<SubjectRequest, 'width' | 'height' | 'rgba'> & { image: SegmentationImage },
    SubjectResult
  >,

  /** Click to segment with a SAM pack: the encoder once per image (cached here), the decoder per prompt (issue 16). */
  'segmentation.prompt': (async ({ image, ...request }, context) =>
    promptSegment(request, context, async () => (await readImage(image, context)).rgba)) as Task<PromptRequest & { image: SegmentationImage }, PromptResult>,
}

/** The picture's pixels; one with nothing on it (every pixel clear) is segmentation.emptyImage. */
async function readImage(image: SegmentationImage, context: StepContext): Promise<{ width: number; height: number; rgba: Uint8Array }> {
  return readProject(image.file, async (store) => {
    // The read reports no progress of its own: the segmenter's starts after it.
    const pixels = 'layers' in image ? { width: image.width, height: image.height, rgba: await composite(store, image, context, 0) } : store.readLayer(image.versionId, image.layerId)
    if (!hasPixels(pixels.rgba)) {
      throw new AppError('segmentation.emptyImage', 'The image is empty: there is nothing on it to select.', { layerId: 'layers' in image ? 'visible' : image.layerId })
    }
    return pixels
  })
}

function hasPixels(rgba: Uint8Array): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 0) return true
  return false
}
