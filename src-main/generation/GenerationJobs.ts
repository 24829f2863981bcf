import { randomInt, randomUUID } from 'node:crypto'
import { z } from 'zod'
import { AppError, type GenerationMask, type GenerativeFamily, type methods, type StagedCandidate, type Rect } from '../../src-shared/contract'
import type { PipelineRequest, PipelineResult } from '../compute-host/inference/pipelines'
import type { OpenProjects } from '../documents/OpenProjects'
import { intersect } from '../documents/project'
import type { Emit, JobQueue } from '../jobs/JobQueue'
import type { ModelManager } from '../models/ModelManager'
import { featheredPaste } from './featheredPaste'
import { installedPack, type InstalledPack } from './installedPack'
import { maskRegion } from './maskRegion'
import { recordMask, restoreMask, type RecordedMask } from './recordedMask'
import { resizeMask, resizeRgba } from './resample'
import { StagedCandidates } from './StagedCandidates'
import { checkSize, workingSize, type Size } from './workingSize'

export type MaskedInput = z.output<(typeof methods)['generation.edit']['input']>
export type GenerateInput = z.output<(typeof methods)['generation.generate']['input']>
export type RerunInput = z.output<(typeof methods)['generation.rerun']['input']>
type Operation = 'edit' | 'inpaint' | 'generate'

/** SD-Turbo and SDXL-Turbo are distilled for 1–4 steps (model-packs.md). */
const TURBO_MAX_STEPS = 4

/** Everything a generation needs once its input has been checked; recorded in the version it commits. */
interface Plan {
  operation: Operation
  documentId: string
  /** The layer a masked edit repaints; generation makes a new one for each result it commits. */
  layerId?: string
  pack: InstalledPack
  request: Omit<PipelineRequest, 'image' | 'mask'>
  /** Where the result goes, in layer (or, for a new layer, document) pixels. */
  region: Rect
  mask?: { alpha: Uint8Array; bounds: Rect; feather: number; maskRef: string; recorded: RecordedMask }
}

/** A plan before its batch gives each run a seed. */
type Unseeded = Omit<Plan, 'request'> & { request: Omit<Plan['request'], 'seed'> }

/** A pipeline run of one plan, waiting to be committed or staged. */
interface Finished {
  plan: Plan
  result: PipelineResult
  durationMs: number
}

/**
 * Text-instructed edits, inpainting and generation as jobs (architecture.md, "An edit, end to end"): the
 * input is checked before anything is queued, the model sees the mask's surroundings at its working size,
 * and the result is pasted back at full resolution only inside the feathered mask, as one version that
 * records everything needed to re-run it.
 */
export class GenerationJobs {
  private readonly staged = new StagedCandidates<Finished>()

  constructor(
    private readonly projects: OpenProjects,
    private readonly jobs: JobQueue,
    private readonly models: ModelManager,
    private readonly emit: Emit,
  ) {}

  async masked(operation: 'edit' | 'inpaint', input: MaskedInput): Promise<{ jobId: string }> {
    if (operation === 'edit') requirePrompt(input.prompt)
    const store = this.projects.store(input.documentId)
    const layer = store.layers().find((l) => l.id === input.layerId)
    if (!layer) throw new AppError('project.layerNotFound', `No layer ${input.layerId} in this document.`, { layerId: input.layerId })
    if (layer.locked) throw new AppError('layer.locked', `The layer “${layer.name}” is locked.`, { layer: layer.name })
    const region = maskRegion(input.mask, layer)
    const pack = await installedPack(this.models, input.family, input.packId)
    const { maskRef, recorded } = await recordMask({ rect: region.crop, alpha: region.alpha })
    const plan: Unseeded = {
      operation,
      documentId: input.documentId,
      layerId: input.layerId,
      pack,
      request: sampling(input, pack, input.size ?? workingSize(region.crop, pack.manifest), input.strength),
      region: region.crop,
      mask: { alpha: region.alpha, bounds: region.bounds, feather: input.feather, maskRef, recorded },
    }
    return this.submit(plan, input.count, input.seed)
  }

  async generate(input: GenerateInput): Promise<{ jobId: string }> {
    requirePrompt(input.prompt)
    const { width, height } = this.projects.store(input.documentId).document()
    const canvas = { x: 0, y: 0, width, height }
    const region = input.rect ? intersect(input.rect, canvas) : canvas
    if (!region) throw new AppError('generation.maskOutsideLayer', 'The area to generate lies outside the canvas.')
    const pack = await installedPack(this.models, input.family, input.packId)
    const request = sampling(input, pack, input.size ?? workingSize(region, pack.manifest), 1)
    return this.submit({ operation: 'generate', documentId: input.documentId, pack, request, region }, input.count, input.seed)
  }

  /** The recorded operation and parameters of `versionId`, on the current head, with a new seed. */
  async rerun({ documentId, versionId, seed }: RerunInput): Promise<{ jobId: string }> {
    const record = this.projects.store(documentId).version(versionId)
    const params = record.params as Partial<RecordedParams>
    if (!['edit', 'inpaint', 'generate'].includes(record.operation) || !params.family) {
      throw new AppError('generation.notRerunnable', `Version ${versionId} (${record.operation}) was not generated, so it cannot be re-run.`, { versionId })
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
    if (record.operation === 'generate') return this.generate({ ...sampling, rect: params.region })
    const mask: GenerationMask = await restoreMask(params.mask!)
    return this.masked(record.operation as 'edit' | 'inpaint', { ...sampling, layerId: params.layerId!, mask, feather: params.feather!, strength: params.strength ?? 1 })
  }

  /** Makes a staged candidate a version, as if its job had committed it, and takes it off the stage. */
  async accept({ documentId, candidateId }: { documentId: string; candidateId: string }): Promise<{ versionId: number }> {
    const finished = this.staged.get(documentId, candidateId)
    const { versionId } = await this.commit(finished)
    this.staged.remove(documentId, [candidateId])
    return { versionId }
  }

  discard({ documentId, candidateIds }: { documentId: string; candidateIds: string[] }): {} {
    this.staged.remove(documentId, candidateIds)
    return {}
  }

  stagedFor(documentId: string): { candidates: StagedCandidate[] } {
    return { candidates: this.staged.list(documentId) }
  }

  /**
   * One job for the whole batch, so its progress and cancel cover every candidate: candidate i runs with seed
   * `seed + i`. A single unflagged result commits when the job ends; any other result is staged as it arrives,
   * so a cancelled batch keeps the candidates it finished.
   */
  private async submit(plan: Unseeded, count: number, firstSeed: number | undefined): Promise<{ jobId: string }> {
    const store = this.projects.store(plan.documentId)
    const { request, region } = plan
    const working = { width: request.width, height: request.height }
    // The pixels the model sees are read now: the user may keep painting while the job waits.
    const image = plan.mask ? await resizeRgba(store.readRegion(store.head, plan.layerId!, region).rgba, region, working) : undefined
    const mask = plan.mask && plan.operation === 'inpaint' ? await resizeMask(plan.mask.alpha, region, working) : undefined
    const seed = (i: number) => (firstSeed === undefined ? randomInt(0x100000000) : (firstSeed + i) % 0x100000000)
    const plans: Plan[] = Array.from({ length: count }, (_, i) => ({ ...plan, request: { ...request, seed: seed(i) } }))
    const { id } = this.jobs.submit<Finished[]>({
      kind: plan.operation,
      label: request.prompt,
      run: async ({ compute, signal, progress }) => {
        const results: Finished[] = []
        for (const [i, candidate] of plans.entries()) {
          const started = performance.now()
          const result = await compute.run('pipelines.generate', { ...candidate.request, image, mask }, {
            signal,
            onProgress: (fraction, message) => progress({ fraction: (i + fraction) / count, message: count > 1 ? `${i + 1}/${count} · ${message}` : message }),
          })
          const finished = { plan: candidate, result, durationMs: performance.now() - started }
          if (count > 1 || result.flagged) await this.stage(finished)
          results.push(finished)
        }
        return results
      },
      commit: async ([only]) => {
        if (count > 1 || only!.result.flagged) return
        const { versionId, changedTiles } = await this.commit(only!)
        this.emit('generation.committed', { jobId: id, documentId: plan.documentId, versionId, changedTiles, flagged: false })
      },
    })
    return { jobId: id }
  }

  private async stage(finished: Finished): Promise<void> {
    const { plan, result } = finished
    const about = { documentId: plan.documentId, operation: plan.operation, prompt: plan.request.prompt, seed: plan.request.seed, flagged: result.flagged }
    this.emit('generation.candidate', await this.staged.stage(finished, about, result.rgba, result))
  }

  /** Pastes a result back at full resolution and commits it as one version that records how to re-run it. */
  private async commit({ plan, result, durationMs }: Finished) {
    const store = this.projects.store(plan.documentId)
    const rgba = await resizeRgba(result.rgba, result, plan.region)
    const { request } = plan
    const committed = store.commitEdit({
      operation: plan.operation,
      prompt: request.prompt,
      negativePrompt: request.negativePrompt,
      seed: request.seed,
      modelPack: plan.pack.manifest.id,
      engine: `${plan.pack.manifest.family} ${plan.pack.manifest.variant}`,
      maskRef: plan.mask?.maskRef,
      params: recordedParams(plan, result),
      durationMs: Math.round(durationMs),
      layers: [this.layerEdit(plan, rgba)],
    })
    return committed
  }

  /** Masked edits patch the layer's current pixels inside the mask; generation adds a layer holding the result at its rect. */
  private layerEdit(plan: Plan, rgba: Buffer) {
    const { region, mask, layerId } = plan
    if (!mask || !layerId) return { layerId: `generated-${randomUUID()}`, properties: { name: plan.request.prompt.slice(0, 60) }, pixels: { rect: region, rgba } }
    const store = this.projects.store(plan.documentId)
    const current = store.readRegion(store.head, layerId, region).rgba
    return { layerId, pixels: { rect: region, rgba: featheredPaste(current, rgba, mask.alpha, region.width, mask.feather) } }
  }
}

/** What a version records beyond the EditRecord's own fields, read back by rerun. */
type RecordedParams = {
  family: GenerativeFamily
  steps: number
  guidance: number
  strength: number
  scheduler?: 'euler' | 'ddim' | 'lcm'
  size: Size
  region: Rect
  layerId?: string
  feather?: number
  maskBounds?: Rect
  mask?: RecordedMask
  flagged: boolean
  /** The pipeline's time inside ONNX Runtime; durationMs less this is the edit's own overhead. */
  modelMs: number
}

function recordedParams(plan: Plan, result: PipelineResult): RecordedParams {
  const { request, pack, mask } = plan
  return {
    family: pack.manifest.family as RecordedParams['family'],
    steps: request.steps,
    guidance: request.guidance,
    strength: request.strength,
    ...(request.scheduler ? { scheduler: request.scheduler } : {}),
    size: { width: request.width, height: request.height },
    region: plan.region,
    ...(mask ? { layerId: plan.layerId, feather: mask.feather, maskBounds: mask.bounds, mask: mask.recorded } : {}),
    flagged: result.flagged,
    modelMs: Math.round(result.modelMs),
  }
}

function requirePrompt(prompt: string): void {
  if (!prompt.trim()) throw new AppError('generation.emptyPrompt', 'Say what to draw: the prompt is empty.')
}

/** The request's sampling settings: the caller's, else the pack's defaults; refused where the pack cannot do them. */
function sampling(input: GenerateInput, pack: InstalledPack, size: Size, strength: number): Unseeded['request'] {
  const { manifest } = pack
  const steps = input.steps ?? manifest.defaults.steps ?? 8
  const stableDiffusion = manifest.family === 'sd' || manifest.family === 'sdxl'
  if (stableDiffusion && manifest.variant === 'turbo' && steps > TURBO_MAX_STEPS) {
    throw new AppError('api.badInput', `${manifest.name} is distilled for 1–${TURBO_MAX_STEPS} steps, not ${steps}.`, { steps })
  }
  return {
    packDir: pack.dir,
    prompt: input.prompt,
    negativePrompt: input.negativePrompt,
    steps,
    guidance: input.guidance ?? manifest.defaults.guidance ?? 0,
    strength,
    ...checkSize(size, manifest),
    ...(manifest.defaults.shift ? { shift: manifest.defaults.shift } : {}),
    ...(stableDiffusion ? { scheduler: input.scheduler ?? 'euler' } : {}),
  }
}
