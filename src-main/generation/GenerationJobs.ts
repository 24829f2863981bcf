import { randomInt, randomUUID } from 'node:crypto'
import { MAX_IMAGE_PIXELS } from '../../src-shared/limits'
import { AppError, type GenerationMask, type StagedCandidate } from '../../src-shared/contract'
import type { OpenProjects } from '../documents/OpenProjects'
import { intersect } from '../documents/project'
import type { Emit, JobQueue } from '../jobs/JobQueue'
import type { ModelManager } from '../models/ModelManager'
import { acceptedLook, type WorkingImage } from './candidatePreview'
import { featheredPaste, featherWeights } from './featheredPaste'
import {
  grownCanvas,
  recordedParams,
  requirePrompt,
  sampling,
  type Finished,
  type GenerateInput,
  type MaskedInput,
  type OutpaintInput,
  type Plan,
  type RecordedParams,
  type RerunInput,
  type Unseeded,
} from './generationPlan'
import { installedPack } from './installedPack'
import { maskRegion } from './maskRegion'
import { extendedPixels, outpaintRegion } from './outpaintRegion'
import { recordMask, restoreMask } from './recordedMask'
import { resizeMask, resizeRgba } from './resample'
import { StagedCandidates } from './StagedCandidates'
import { workingSize } from './workingSize'

export type { GenerateInput, MaskedInput, OutpaintInput, RerunInput } from './generationPlan'

/**
 * Text-instructed edits, inpainting and generation as jobs (architecture.md, "An edit, end to end"): the
 * input is checked before anything is queued, the model sees the mask's surroundings at its working size,
 * and the result is pasted back at full resolution only inside the feathered mask, as one version that
 * records everything needed to re-run it.
 */
export class GenerationJobs {
  private readonly staged = new StagedCandidates<Finished & { jobId: string }>()

  constructor(
    private readonly projects: OpenProjects,
    private readonly jobs: JobQueue,
    private readonly models: ModelManager,
    private readonly emit: Emit,
  ) {}

  async masked(operation: 'edit' | 'inpaint', input: MaskedInput): Promise<{ jobId: string }> {
    if (operation === 'edit') requirePrompt(input.prompt)
    const layer = this.editableLayer(input.documentId, input.layerId)
    const region = maskRegion(input.mask, layer)
    const pack = await installedPack(this.models, operation, input.family, input.packId)
    const { maskRef, recorded } = await recordMask({ rect: region.crop, alpha: region.alpha })
    const plan: Unseeded = {
      operation,
      documentId: input.documentId,
      layerId: input.layerId,
      pack,
      request: sampling(input, pack, input.size ?? workingSize(region.crop, pack.manifest), input.strength),
      region: region.crop,
      shownAt: { ...region.crop, x: region.crop.x + layer.offsetX, y: region.crop.y + layer.offsetY },
      mask: { alpha: region.alpha, bounds: region.bounds, feather: input.feather, maskRef, recorded },
    }
    return this.submit(plan, input.count, input.seed)
  }

  /**
   * Grows the canvas by `extend` and fills the new area, fading over a seam band of the old image (outpaintRegion).
   * With `refill` the canvas has already grown by `extend` (a re-run on the canvas its outpaint made): the same
   * area is filled again as a new layer and the canvas stays as it is.
   */
  async outpaint(input: OutpaintInput, refill = false): Promise<{ jobId: string }> {
    const layer = this.editableLayer(input.documentId, input.layerId)
    const store = this.projects.store(input.documentId)
    const now = store.document()
    const grown = refill ? input.extend : { left: 0, top: 0, right: 0, bottom: 0 }
    const from = { width: now.width - grown.left - grown.right, height: now.height - grown.top - grown.bottom }
    const { canvas, crop, alpha, bounds } = outpaintRegion(from, input.extend, input.seam)
    if (canvas.width * canvas.height > MAX_IMAGE_PIXELS) {
      throw new AppError('image.tooManyPixels', `A ${canvas.width}×${canvas.height} canvas is larger than the editor handles.`, { width: canvas.width, height: canvas.height, limit: MAX_IMAGE_PIXELS })
    }
    const pack = await installedPack(this.models, 'outpaint', input.family, input.packId)
    // The layer's pixels nearest the crop, clamped into the layer: the edge repeats outward from them.
    const origin = { x: input.extend.left - grown.left + layer.offsetX, y: input.extend.top - grown.top + layer.offsetY }
    const clamp = (value: number, size: number) => Math.min(size - 1, Math.max(0, value))
    const [x0, y0] = [clamp(crop.x - origin.x, layer.width), clamp(crop.y - origin.y, layer.height)]
    const [x1, y1] = [clamp(crop.x + crop.width - 1 - origin.x, layer.width), clamp(crop.y + crop.height - 1 - origin.y, layer.height)]
    const near = { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 }
    const context = extendedPixels({ rgba: store.readRegion(store.head, layer.id, near).rgba, rect: near }, origin, crop)
    const { maskRef, recorded } = await recordMask({ rect: crop, alpha })
    const plan: Unseeded = {
      operation: 'outpaint',
      documentId: input.documentId,
      layerId: layer.id,
      pack,
      request: sampling(input, pack, input.size ?? workingSize(crop, pack.manifest), 1),
      region: crop,
      shownAt: { ...crop, x: crop.x + canvas.x + grown.left, y: crop.y + canvas.y + grown.top },
      mask: { alpha, bounds, feather: input.seam, maskRef, recorded },
      outpaint: { context, canvas, from, extend: input.extend },
    }
    return this.submit(plan, input.count, input.seed)
  }

  async generate(input: GenerateInput): Promise<{ jobId: string }> {
    requirePrompt(input.prompt)
    const { width, height } = this.projects.store(input.documentId).document()
    const canvas = { x: 0, y: 0, width, height }
    const region = input.rect ? intersect(input.rect, canvas) : canvas
    if (!region) throw new AppError('generation.maskOutsideLayer', 'The area to generate lies outside the canvas.')
    const pack = await installedPack(this.models, 'generate', input.family, input.packId)
    const request = sampling(input, pack, input.size ?? workingSize(region, pack.manifest), 1)
    return this.submit({ operation: 'generate', documentId: input.documentId, pack, request, region, shownAt: region }, input.count, input.seed)
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
    if (record.operation === 'generate') return this.generate({ ...sampling, rect: params.region })
    if (record.operation === 'outpaint') {
      // On the canvas this outpaint grew to, a re-run tries the fill again instead of growing the canvas twice.
      const { width, height } = store.document()
      const refill = width === params.canvas!.width && height === params.canvas!.height
      return this.outpaint({ ...sampling, layerId: params.layerId!, extend: params.extend!, seam: params.feather! }, refill)
    }
    const mask: GenerationMask = await restoreMask(params.mask!)
    return this.masked(record.operation as 'edit' | 'inpaint', { ...sampling, layerId: params.layerId!, mask, feather: params.feather!, strength: params.strength ?? 1 })
  }

  /** Makes a staged candidate a version, as if its job had committed it, and takes it off the stage. */
  async accept({ documentId, candidateId }: { documentId: string; candidateId: string }): Promise<{ versionId: number }> {
    const finished = this.staged.get(documentId, candidateId)
    const { versionId, changedTiles } = await this.commit(finished)
    this.staged.remove(documentId, [candidateId])
    // Announced as any job's version, under the job that made the candidate.
    this.emit('version.committed', { jobId: finished.jobId, kind: finished.plan.operation, documentId, versionId, changedTiles })
    return { versionId }
  }

  reveal({ documentId, candidateId }: { documentId: string; candidateId: string }): { candidate: StagedCandidate } {
    return { candidate: this.staged.reveal(documentId, candidateId) }
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
    const seen = plan.outpaint?.context ?? (plan.mask && store.readRegion(store.head, plan.layerId!, region).rgba)
    const image = seen ? await resizeRgba(seen, region, working) : undefined
    const workingMask = plan.mask && (await resizeMask(plan.mask.alpha, region, working))
    // An edit redraws the whole crop and is pasted inside the mask afterwards; the other masked operations blend by it as they sample.
    const mask = plan.operation !== 'edit' ? workingMask : undefined
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
          if (count > 1 || result.flagged) await this.stage({ ...finished, jobId: id }, acceptedLook(result, image, workingMask))
          results.push(finished)
        }
        return results
      },
      commit: async ([only]) => {
        if (count > 1 || only!.result.flagged) return
        const { versionId, changedTiles } = await this.commit(only!)
        this.emit('version.committed', { jobId: id, kind: plan.operation, documentId: plan.documentId, versionId, changedTiles })
      },
    })
    return { jobId: id }
  }

  private editableLayer(documentId: string, layerId: string) {
    const layer = this.projects.store(documentId).layers().find((l) => l.id === layerId)
    if (!layer) throw new AppError('project.layerNotFound', `No layer ${layerId} in this document.`, { layerId })
    if (layer.locked) throw new AppError('layer.locked', `The layer “${layer.name}” is locked.`, { layer: layer.name })
    return layer
  }

  private async stage(finished: Finished & { jobId: string }, look: WorkingImage): Promise<void> {
    const { plan, result } = finished
    this.staged.retain(new Set(this.projects.list().map((document) => document.id)))
    const about = { documentId: plan.documentId, operation: plan.operation, prompt: plan.request.prompt, seed: plan.request.seed, flagged: result.flagged, rect: plan.shownAt }
    this.emit('generation.candidate', await this.staged.stage(finished, about, look))
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
      canvas: plan.outpaint && grownCanvas(store.document(), plan.outpaint),
      layers: [this.layerEdit(plan, rgba)],
    })
    return committed
  }

  /** Masked edits patch the layer's current pixels inside the mask; generation adds a layer holding the result at its rect. */
  private layerEdit(plan: Plan, rgba: Buffer) {
    const { region, mask, layerId } = plan
    if (plan.outpaint) {
      // The fill is a layer of its own, opaque in the new area and fading over the seam, so the photo's layer keeps every pixel.
      // Weighed over the whole crop (the seam's ramp needs the unmasked pixels beside it), kept only over the mask's bounds.
      const weights = featherWeights(mask!.alpha, region.width, mask!.feather)
      const { bounds } = mask!
      const fill = Buffer.alloc(bounds.width * bounds.height * 4)
      for (let y = 0; y < bounds.height; y++) {
        const from = (bounds.y - region.y + y) * region.width + bounds.x - region.x
        rgba.copy(fill, y * bounds.width * 4, from * 4, (from + bounds.width) * 4)
        for (let x = 0; x < bounds.width; x++) fill[(y * bounds.width + x) * 4 + 3] = Math.round(weights[from + x]! * 255)
      }
      return { layerId: `outpaint-${randomUUID()}`, properties: { name: plan.request.prompt.slice(0, 60) || 'Outpaint' }, pixels: { rect: bounds, rgba: fill } }
    }
    if (!mask || !layerId) return { layerId: `generated-${randomUUID()}`, properties: { name: plan.request.prompt.slice(0, 60) }, pixels: { rect: region, rgba } }
    const store = this.projects.store(plan.documentId)
    const current = store.readRegion(store.head, layerId, region).rgba
    return { layerId, pixels: { rect: region, rgba: featheredPaste(current, rgba, mask.alpha, region.width, mask.feather) } }
  }
}

