/** A generation's plan: what a job runs and what the version it commits records, from the request and the pack's defaults. */
import { z } from 'zod'
import { AppError, type CanvasExtension, type GenerativeFamily, type methods, type Rect } from '../../src-shared/contract'
import type { TaskInput, TaskOutput } from '../compute/ComputeHost'
import type { InstalledPack } from './installedPack'
import type { RecordedMask } from './recordedMask'
import { checkSize, type Size } from './workingSize'

type PipelineRequest = TaskInput<'pipelines.generate'>
type PipelineResult = TaskOutput<'pipelines.generate'>

export type MaskedInput = z.output<(typeof methods)['generation.edit']['input']>
export type GenerateInput = z.output<(typeof methods)['generation.generate']['input']>
export type RerunInput = z.output<(typeof methods)['generation.rerun']['input']>
export type OutpaintInput = z.output<(typeof methods)['generation.outpaint']['input']>
/** The operations a generation job does, each its own kind in jobs.changed and version.committed. */
export const operations = ['edit', 'inpaint', 'outpaint', 'generate'] as const
export type Operation = (typeof operations)[number]

/** SD-Turbo and SDXL-Turbo are distilled for 1–4 steps (model-packs.md). */
const TURBO_MAX_STEPS = 4

/** Everything a generation needs once its input has been checked; recorded in the version it commits. */
export interface Plan {
  operation: Operation
  documentId: string
  /** The layer a masked edit repaints; generation makes a new one for each result it commits. */
  layerId?: string
  pack: InstalledPack
  request: Omit<PipelineRequest, 'image' | 'mask'>
  /** Where the result goes, in layer (or, for a new layer, document) pixels. */
  region: Rect
  /** Where the staging area previews the result: `region` in the document's pixels as they were when planned. */
  shownAt: Rect
  mask?: { alpha: Uint8Array; bounds: Rect; feather: number; maskRef: string; recorded: RecordedMask }
  /**
   * Outpaint: what the model sees (the layer's pixels `near` the crop, their edge carried into the new area from where
   * the layer lies in the new canvas, `origin`), the canvas it grows to and from, and by how much.
   */
  outpaint?: { edge: { near: Rect; origin: { x: number; y: number } }; canvas: Rect; from: Size; extend: CanvasExtension }
}

/** A plan before its batch gives each run a seed. */
export type Unseeded = Omit<Plan, 'request'> & { request: Omit<Plan['request'], 'seed'> }

/** A pipeline run of one plan, waiting to be committed or staged. */
export interface Finished {
  plan: Plan
  result: PipelineResult
  durationMs: number
}

/** A finished run kept on the stage, under the job that made it. */
export type StagedResult = Finished & { jobId: string }
/** What a version records beyond the EditRecord's own fields, read back by rerun. */
export type RecordedParams = {
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
  /** Outpaint: the canvas it grew to, in the old canvas's coordinates, and what it added on each side. */
  canvas?: Rect
  extend?: CanvasExtension
  flagged: boolean
  /** The pipeline's time inside ONNX Runtime; durationMs less this is the edit's own overhead. */
  modelMs: number
}

export function recordedParams(plan: Plan, result: PipelineResult): RecordedParams {
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
    ...(plan.outpaint ? { canvas: plan.outpaint.canvas, extend: plan.outpaint.extend } : {}),
    flagged: result.flagged,
    modelMs: Math.round(result.modelMs),
  }
}

/**
 * The canvas an outpaint commits: its grown rect while the document still has the size it grew from; none when an
 * earlier candidate of the same batch already grew it; refused when the canvas changed some other way since.
 */
export function grownCanvas(now: Size, { canvas, from }: NonNullable<Plan['outpaint']>): Rect | undefined {
  if (now.width === from.width && now.height === from.height) return canvas
  if (now.width === canvas.width && now.height === canvas.height) return undefined
  throw new AppError('generation.canvasChanged', 'The canvas changed size since this outpaint was made; run it again.')
}

export function requirePrompt(prompt: string): void {
  if (!prompt.trim()) throw new AppError('generation.emptyPrompt', 'Say what to draw: the prompt is empty.')
}

/**
 * Turbo packs (Z-Image-Turbo, SD-Turbo, SDXL-Turbo) are distilled to run without classifier-free guidance, and
 * their references run them at guidance 0 (model-packs.md): only the user's own value adds a CFG pass, whatever
 * default the manifest carries.
 */
function defaultGuidance(manifest: InstalledPack['manifest']): number {
  return manifest.variant === 'turbo' ? 0 : (manifest.defaults.guidance ?? 0)
}

/** The request's sampling settings: the caller's, else the pack's defaults; refused where the pack cannot do them. */
export function sampling(input: GenerateInput, pack: InstalledPack, size: Size, strength: number): Unseeded['request'] {
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
    guidance: input.guidance ?? defaultGuidance(manifest),
    strength,
    ...checkSize(size, manifest),
    ...(manifest.defaults.shift ? { shift: manifest.defaults.shift } : {}),
    ...(stableDiffusion ? { scheduler: input.scheduler ?? 'euler' } : {}),
  }
}
