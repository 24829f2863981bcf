import type { SegmentationJobs } from '../segmentation/SegmentationJobs'
import type { Handlers } from './dispatch'

export function segmentationHandlers(segmentation: SegmentationJobs): Pick<Handlers, 'segmentation.subject' | 'segmentation.point'> {
  return {
    'segmentation.subject': (input) => segmentation.subject(input),
    'segmentation.point': (input) => segmentation.point(input),
  }
}
