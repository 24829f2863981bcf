import { randomInt } from 'node:crypto'
import { AppError, type GenerationMask, type StagedCandidate } from '../../src-shared/contract'
import type { OpenProjects } from '../documents/OpenProjects'
import type { DocumentJobs } from '../jobs/documentJob'
import { jobKinds } from '../jobs/jobKinds'
import type { RecordedParams, RerunInput, StagedResult } from './generationPlan'
import type { GenerationRequest } from './planOperations'
import { restoreMask } from './recordedMask'
import type { StagedCandidates } from './StagedCandidates'

export type { GenerateInput, MaskedInput, OutpaintInput, RerunInput } from './generationPlan'

/**
 * Generation as the API offers it: every request is a job of the registry's 'generate' kind (jobs/kinds/generation.ts);
 * this re-runs a generated version with another seed and answers the stage of candidates waiting for the user.
 */
export class GenerationJobs {
  constructor(
    private readonly projects: OpenProjects,
    private readonly documentJobs: DocumentJobs,
    private readonly staging: StagedCandidates<StagedResult>,
  ) {}

  async submit(input: GenerationRequest): Promise<{ jobId: string }> {
    const { jobId } = await this.documentJobs.submit(jobKinds.generateImages, input.input.documentId, input)
    return { jobId }
  }

  /** The recorded operation and parameters of `versionId`, on the current head, with a new seed. */
  async rerun({ documentId, versionId, seed }: RerunInput): Promise<{ jobId: string }> {
    const store = this.projects.store(documentId)
    const record = store.version(versionId)
    const params = record.params as Partial<RecordedParams>
    if (!['edit', 'inpaint', 'outpaint', 'generate'].includes(record.operation) || !params.family) {
      throw new AppError('generation.notRerunnable', `Version ${versionId} (${record.operation}) was not generated, so it cannot be re-run.`, { versionId })
    }
    if (record.operation === 'outpaint' && !params.extend) {
      throw new AppError('generation.notRerunnable', `Version ${versionId} is an outpaint from before the app recorded how far it grew the canvas; outpaint again instead.`, { versionId })
    }
    const sampling = {
      documentId,
      prompt: record.prompt ?? '',
      negativePrompt: record.negativePrompt ?? '',
      family: params.family,
      packId: record.modelPack,
      seed: seed ?? randomInt(0x100000000),
      steps: params.steps,
      guidance: params.guidance,
      scheduler: params.scheduler,
      size: params.size,
      count: 1,
    }
    if (record.operation === 'generate') return this.submit({ operation: 'generate', input: { ...sampling, rect: params.region } })
    if (record.operation === 'outpaint') {
      // On the canvas this outpaint grew to, a re-run tries the fill again instead of growing the canvas twice.
      const { width, height } = store.document()
      const refill = width === params.canvas!.width && height === params.canvas!.height
      return this.submit({ operation: 'outpaint', input: { ...sampling, layerId: params.layerId!, extend: params.extend!, seam: params.feather! }, refill })
    }
    const mask: GenerationMask = await restoreMask(params.mask!)
    const input = { ...sampling, layerId: params.layerId!, mask, feather: params.feather!, strength: params.strength ?? 1 }
    return this.submit({ operation: record.operation as 'edit' | 'inpaint', input })
  }

  /** Makes a staged candidate a version, as if its job had committed it, and takes it off the stage. */
  async accept({ documentId, candidateId }: { documentId: string; candidateId: string }): Promise<{ versionId: number }> {
    const { versionId } = await this.documentJobs.run(jobKinds.acceptCandidate, documentId, { documentId, candidateId })
    this.staging.remove(documentId, [candidateId])
    return { versionId: versionId! }
  }

  reveal({ documentId, candidateId }: { documentId: string; candidateId: string }): { candidate: StagedCandidate } {
    return { candidate: this.staging.reveal(documentId, candidateId) }
  }

  discard({ documentId, candidateIds }: { documentId: string; candidateIds: string[] }): {} {
    this.staging.remove(documentId, candidateIds)
    return {}
  }

  stagedFor(documentId: string): { candidates: StagedCandidate[] } {
    return { candidates: this.staging.list(documentId) }
  }
}
