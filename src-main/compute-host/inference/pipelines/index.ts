import { AppError } from '../../../../src-shared/contract'
import type { StepContext } from '../../taskContext'
import type { PackSessions } from '../packs'
import { PackGraphs } from './packGraphs'
import type { PipelineRequest, PipelineResult } from './request'
import { stableDiffusionPipeline } from './stableDiffusion'
import { zImagePipeline } from './zImage'

export type { PipelineRequest, PipelineResult } from './request'

const pipelines = { 'z-image': zImagePipeline, sd: stableDiffusionPipeline, sdxl: stableDiffusionPipeline } as const

/** Text-to-image, image-to-image and inpainting with whichever generative pack the request names, by its family. */
export async function generateImage(packs: PackSessions, request: PipelineRequest, context: StepContext): Promise<PipelineResult> {
  if (request.runtime) await packs.sessions.configure(request.runtime)
  const graphs = await PackGraphs.open(packs, request.packDir)
  const { family, id } = graphs.manifest
  if (!(family in pipelines)) throw new AppError('pack.unknownFamily', `The ${id} pack (${family}) cannot generate images.`, { family })
  return pipelines[family as keyof typeof pipelines](graphs, request, context)
}
