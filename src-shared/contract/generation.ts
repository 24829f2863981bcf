import { z } from 'zod'
import { Bytes, Rect, VersionId } from './documents'

/** The pack families that generate images (model-packs.md); Z-Image-Edit joins when its weights are public. */
export const generativeFamilies = ['z-image', 'sd', 'sdxl'] as const
export const GenerativeFamily = z.enum(generativeFamilies)
export type GenerativeFamily = z.infer<typeof GenerativeFamily>

export const sdSchedulers = ['euler', 'ddim', 'lcm'] as const
export const SdScheduler = z.enum(sdSchedulers)
export type SdScheduler = z.infer<typeof SdScheduler>

/** Where to repaint, in the layer's pixels: one byte a pixel over `rect`, 0 = keep, 255 = repaint, between = feathered. */
export const GenerationMask = z
  .object({ rect: Rect, alpha: Bytes })
  .refine((m) => m.alpha.byteLength === m.rect.width * m.rect.height, { message: 'alpha must hold rect.width × rect.height bytes' })
export type GenerationMask = z.infer<typeof GenerationMask>

/** The most candidates one batch makes: each is a full pipeline run. */
export const MAX_BATCH = 8

/** How to sample; anything left out comes from the pack's defaults. */
export const Sampling = z.object({
  prompt: z.string().max(4000),
  negativePrompt: z.string().max(4000).default(''),
  /** The family to use when `packId` is absent: its first installed pack. */
  family: GenerativeFamily.default('z-image'),
  packId: z.string().optional(),
  /** A random one when absent; recorded either way so the result can be re-run. */
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  steps: z.number().int().min(1).max(200).optional(),
  guidance: z.number().min(0).max(30).optional(),
  /** Stable Diffusion only. */
  scheduler: SdScheduler.optional(),
  /** The model's working size; by default the pack's native area at the region's aspect ratio. */
  size: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).optional(),
  /**
   * How many candidates to make, seed after seed (`seed`, `seed + 1`… or a random one each). A single result
   * is committed at once; a batch waits in the staging area, as does a result the pack's safety checker flags.
   */
  count: z.number().int().min(1).max(MAX_BATCH).default(1),
})

const documentId = z.object({ documentId: z.string() })
const maskedEdit = documentId.extend(Sampling.shape).extend({
  layerId: z.string(),
  mask: GenerationMask,
  /** Pixels of soft edge inside the mask, over which the result fades into the photo. */
  feather: z.number().int().min(0).max(256).default(8),
})
const job = z.object({ jobId: z.string() })
const side = z.number().int().min(0).max(8192)
/** How many pixels to add on each side of the canvas. */
export const CanvasExtension = z
  .object({ left: side, top: side, right: side, bottom: side })
  .refine((e) => e.left + e.top + e.right + e.bottom > 0, { message: 'extend the canvas on at least one side' })
export type CanvasExtension = z.infer<typeof CanvasExtension>

/** A result waiting for the user's choice: it becomes a version only when accepted. */
export const StagedCandidate = z.object({
  id: z.string(),
  documentId: z.string(),
  operation: z.enum(['edit', 'inpaint', 'outpaint', 'generate']),
  prompt: z.string(),
  seed: z.number().int(),
  /** The pack's safety checker flagged it. */
  flagged: z.boolean(),
  /**
   * The preview is blurred: main sends a flagged result only blurred, so its pixels never reach the window
   * until the user asks for them with generation.reveal.
   */
  blurred: z.boolean(),
  /** Where the result goes, in document pixels: the canvas previews it there. An outpaint's lies partly outside the canvas. */
  rect: Rect,
  /** A PNG of what accepting it shows over `rect` (the result inside its mask, the pixels it keeps around it), at most PREVIEW_SIDE on its longer side. */
  preview: Bytes,
})
export type StagedCandidate = z.infer<typeof StagedCandidate>
/** Large enough to preview a candidate on the canvas at the model's own resolution. */
export const PREVIEW_SIDE = 1024

/** Parameters the user saved under a name, to apply to the parameters panel in one click. */
export const GenerationPreset = z.object({
  name: z.string().trim().min(1).max(60),
  family: GenerativeFamily,
  packId: z.string().optional(),
  variant: z.string().optional(),
  steps: z.number().int().min(1).max(200).optional(),
  guidance: z.number().min(0).max(30).optional(),
  negativePrompt: z.string().max(4000).default(''),
  scheduler: SdScheduler.optional(),
  strength: z.number().min(0).max(1).optional(),
  size: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).optional(),
})
export type GenerationPreset = z.infer<typeof GenerationPreset>
const presetList = z.object({ presets: z.array(GenerationPreset) })

export const generationMethods = {
  /** Redraws the masked area following the prompt, starting part-way from the photo (strength 0 keeps it, 1 ignores it). */
  'generation.edit': { input: maskedEdit.extend({ strength: z.number().min(0).max(1).default(0.6) }), output: job },
  /** Fills the masked area from the prompt, keeping the surrounding latents on the photo at every step. */
  'generation.inpaint': { input: maskedEdit.extend({ strength: z.number().min(0).max(1).default(1) }), output: job },
  /**
   * Grows the canvas and fills the new area from the prompt and the layer's edge (the inpaint pipeline, the mask
   * reaching `seam` pixels into the old image and fading over them), as a new layer in one version; the old
   * image's pixels outside the seam stay as they were.
   */
  'generation.outpaint': {
    input: documentId.extend(Sampling.shape).extend({ layerId: z.string(), extend: CanvasExtension, seam: z.number().int().min(0).max(256).default(32) }),
    output: job,
  },
  /** A new layer generated from the prompt, over the whole document or `rect`. */
  'generation.generate': { input: documentId.extend(Sampling.shape).extend({ rect: Rect.optional() }), output: job },
  /** Runs a generated version's recorded operation and parameters again, on the current head, with a new seed. */
  'generation.rerun': {
    input: documentId.extend({ versionId: VersionId, seed: z.number().int().min(0).max(0xffffffff).optional() }),
    output: job,
  },
  /** Makes a staged candidate a version (an edit of its layer, or a new layer), and takes it off the stage. */
  'generation.accept': { input: documentId.extend({ candidateId: z.string() }), output: z.object({ versionId: VersionId }) },
  /** The unblurred preview of a staged flagged candidate, which the user chose to see; it stays unblurred from then on. */
  'generation.reveal': { input: documentId.extend({ candidateId: z.string() }), output: z.object({ candidate: StagedCandidate }) },
  /** Drops staged candidates; the document is not touched. */
  'generation.discard': { input: documentId.extend({ candidateIds: z.array(z.string()) }), output: z.object({}) },
  /** The candidates still waiting for this document, oldest first (e.g. after the window reloaded). */
  'generation.staged': { input: documentId, output: z.object({ candidates: z.array(StagedCandidate) }) },
  'generation.presets.list': { input: z.object({}), output: presetList },
  /** Saves a preset, replacing one of the same name. */
  'generation.presets.save': { input: z.object({ preset: GenerationPreset }), output: presetList },
  'generation.presets.delete': { input: z.object({ name: z.string() }), output: presetList },
} as const

export const generationEvents = {
  /** A candidate of a batch (or a flagged result) is waiting in the staging area. */
  'generation.candidate': StagedCandidate,
} as const
