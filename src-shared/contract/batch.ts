import { z } from 'zod'
import { BlendMode, Bytes, ExportFormat, VersionId } from './documents'
import { GenerativeFamily, SdScheduler } from './generation'
import { AppErrorShape } from './errors'
import { FilePath } from './paths'

/**
 * Batch: a recipe recorded from one photo's history, replayed on many photos, each exported at several sizes.
 * Everything a recipe holds is relative to the image (fractions of its width and height), so it fits any photo.
 */

const fraction = z.number().min(-4).max(5)
/** A rectangle as fractions of the image: x 0.5 is the middle column, width 1 the whole width. Negative x pads on the left. */
export const RelativeRect = z.object({ x: fraction, y: fraction, width: z.number().positive().max(5), height: z.number().positive().max(5) })
export type RelativeRect = z.infer<typeof RelativeRect>

/** The largest side of a mask's alpha kept in a recipe: a recipe is a small file, and masks are soft anyway. */
export const RECIPE_MASK_SIDE = 64

/**
 * Where a step works: a rectangle of the image, and inside it an optional small alpha image (one byte a pixel,
 * base64, `width × height`, stretched over the rectangle); without it the whole rectangle is covered.
 */
export const RelativeMask = z.object({
  rect: RelativeRect,
  alpha: z
    .object({ width: z.number().int().min(1).max(RECIPE_MASK_SIDE), height: z.number().int().min(1).max(RECIPE_MASK_SIDE), base64: z.string().max(8000) })
    .optional(),
})
export type RelativeMask = z.infer<typeof RelativeMask>

/** Which layer a step works on: its place in the stack when the step was recorded, 0 = bottom. */
const layerIndex = z.number().int().min(0).max(999)

/** `fixed`: every photo gets this seed (what the user saw is what every photo gets); `random`: a new one each photo. */
export const SeedPolicy = z.discriminatedUnion('policy', [z.object({ policy: z.literal('fixed'), seed: z.number().int().min(0).max(0xffffffff) }), z.object({ policy: z.literal('random') })])

export const RecipeStep = z.discriminatedUnion('op', [
  /** Object removal: content-aware fill, or a LaMa / MI-GAN pack by id. */
  z.object({ op: z.literal('remove'), layer: layerIndex, mask: RelativeMask, engine: z.string().min(1), grow: z.number().int().min(0).max(256), seed: z.number().int().min(0).max(0xffffffff) }),
  /** AI edit or inpaint of the masked area. The working size is the pack's default for the photo's mask. */
  z.object({
    op: z.enum(['edit', 'inpaint']),
    layer: layerIndex,
    mask: RelativeMask,
    prompt: z.string().max(4000),
    negativePrompt: z.string().max(4000).default(''),
    family: GenerativeFamily,
    packId: z.string().optional(),
    steps: z.number().int().min(1).max(200).optional(),
    guidance: z.number().min(0).max(30).optional(),
    scheduler: SdScheduler.optional(),
    strength: z.number().min(0).max(1),
    feather: z.number().int().min(0).max(256),
    seed: SeedPolicy,
  }),
  /** A new canvas as fractions of the current one (a crop when inside it). */
  z.object({ op: z.literal('canvas'), rect: RelativeRect }),
  /** Pads the canvas to an aspect ratio (width / height; 1 = square), the image placed at `align` (0.5, 0.5 = centred). */
  z.object({ op: z.literal('padToAspect'), aspect: z.number().positive().max(100), align: z.object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) }) }),
  z.object({
    op: z.literal('layer.update'),
    layer: layerIndex,
    changes: z.object({ visible: z.boolean().optional(), opacity: z.number().min(0).max(1).optional(), blendMode: BlendMode.optional(), name: z.string().min(1).max(200).optional(), locked: z.boolean().optional() }),
  }),
  z.object({ op: z.enum(['layer.duplicate', 'layer.remove', 'layer.mergeDown']), layer: layerIndex }),
  z.object({ op: z.literal('layer.move'), layer: layerIndex, to: layerIndex }),
  /** An empty layer (a photo added as a layer has no recipe form). */
  z.object({ op: z.literal('layer.add'), kind: z.enum(['raster', 'mask']), name: z.string().min(1).max(200), position: layerIndex }),
  z.object({ op: z.literal('layer.flatten') }),
])
export type RecipeStep = z.infer<typeof RecipeStep>

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/, { message: 'a colour is #rrggbb or #rrggbbaa' })

/** One file written per photo. */
export const RecipeOutput = z.object({
  width: z.number().int().min(1).max(16384),
  height: z.number().int().min(1).max(16384),
  format: ExportFormat,
  /** 1–100, JPEG and WebP (WebP 100 is lossless). */
  quality: z.number().int().min(1).max(100).default(90),
  /** `pad`: the whole image inside, the rest `background`; `cover`: fills the size, cropping the overflow; `stretch`: ignores the aspect. */
  fit: z.enum(['pad', 'cover', 'stretch']).default('pad'),
  /** Padding and (JPEG) transparency are filled with it; #rrggbb00 keeps PNG and WebP transparent. */
  background: hexColour.default('#ffffff'),
  /** `{name}` (the photo's name without extension), `{width}`, `{height}`, `{ext}`, `{format}`. */
  naming: z
    .string()
    .min(1)
    .max(200)
    .refine((n) => !/[\\/\0]/.test(n) && n !== '.' && n !== '..', { message: 'the naming template makes a file name, not a path' })
    .default('{name}_{width}x{height}.{ext}'),
  /** `srgb`: converted to sRGB and tagged so; `keep`: converted back to the photo's own embedded profile (sRGB when it has none). */
  colour: z.enum(['srgb', 'keep']).default('srgb'),
})
export type RecipeOutput = z.infer<typeof RecipeOutput>

export const RECIPE_FORMAT = 'z-image-editor/recipe'
export const Recipe = z.object({
  format: z.literal(RECIPE_FORMAT),
  version: z.literal(1),
  name: z.string().trim().min(1).max(120),
  steps: z.array(RecipeStep).max(100),
  outputs: z.array(RecipeOutput).min(1).max(20),
})
export type Recipe = z.infer<typeof Recipe>

export const batchItemStatuses = ['pending', 'running', 'done', 'failed', 'skipped'] as const
export const BatchItemStatus = z.enum(batchItemStatuses)
export type BatchItemStatus = z.infer<typeof BatchItemStatus>

export const BatchOutputFile = z.object({ path: FilePath, width: z.number().int(), height: z.number().int(), format: ExportFormat, bytes: z.number().int() })

/** One photo of a batch. `skipped`: every output was already there (another shard or an earlier run made it). */
export const BatchItem = z.object({
  index: z.number().int().nonnegative(),
  input: FilePath,
  name: z.string(),
  status: BatchItemStatus,
  error: AppErrorShape.optional(),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
  durationMs: z.number().optional(),
  outputs: z.array(BatchOutputFile),
  /** The project holding the photo and the recipe's steps as its history, to open and touch up. */
  project: FilePath.optional(),
  hasThumbnail: z.boolean(),
})
export type BatchItem = z.infer<typeof BatchItem>

/** `running` → `paused` / `cancelled` (both resumable, even after a restart) → `done` when no item is pending. */
export const BatchState = z.enum(['running', 'pausing', 'paused', 'cancelled', 'done'])
export type BatchState = z.infer<typeof BatchState>

export const BatchInfo = z.object({
  id: z.string(),
  /** The batch's SQLite file: its state, items and thumbnails. */
  database: FilePath,
  recipe: Recipe,
  outDir: FilePath,
  state: BatchState,
  workers: z.number().int().positive(),
  counts: z.record(BatchItemStatus, z.number().int().nonnegative()),
  createdAt: z.number(),
})
export type BatchInfo = z.infer<typeof BatchInfo>

const batchId = z.object({ batchId: z.string() })

export const batchMethods = {
  /**
   * A recipe from a run of the history: the versions after `fromVersionId` (the original when absent) up to
   * `toVersionId` (the head when absent), on the path between them. A step with no recipe form: batch.stepNotRecordable.
   */
  'batch.recipeFromHistory': {
    input: z.object({
      documentId: z.string(),
      fromVersionId: VersionId.optional(),
      toVersionId: VersionId.optional(),
      name: z.string().trim().min(1).max(120),
      outputs: z.array(RecipeOutput).min(1).max(20),
    }),
    output: z.object({ recipe: Recipe }),
  },
  /** Checks a recipe file's JSON; one clear batch.badRecipe when it is not one. */
  'batch.checkRecipe': { input: z.object({ json: z.string().max(1_000_000) }), output: z.object({ recipe: Recipe }) },
  /**
   * Starts a batch over `inputs` (photo files, or folders whose photos are taken, sorted by name) into `outDir`,
   * which may not hold any input. Answers at once; progress comes as batch.changed and batch.item.
   */
  'batch.start': {
    input: z.object({ recipe: Recipe, inputs: z.array(FilePath).min(1).max(100_000), outDir: FilePath, workers: z.number().int().min(1).max(64).optional() }),
    output: BatchInfo,
  },
  /** The batches started here, running or not (newest first), resumable ones included after a restart. */
  'batch.list': { input: z.object({}), output: z.object({ batches: z.array(BatchInfo) }) },
  'batch.items': { input: batchId, output: z.object({ items: z.array(BatchItem) }) },
  /** A small WebP of the photo's result, null until it is done. */
  'batch.thumbnail': { input: batchId.extend({ index: z.number().int().nonnegative() }), output: z.object({ bytes: Bytes.nullable() }) },
  /** Takes no new photo; those in progress finish. */
  'batch.pause': { input: batchId, output: BatchInfo },
  /** Stops now: photos in progress are abandoned (their outputs never half-written) and stay pending for a resume. */
  'batch.cancel': { input: batchId, output: BatchInfo },
  /** Runs what is still pending (or failed, with `retryFailed`). */
  'batch.resume': { input: batchId.extend({ retryFailed: z.boolean().default(false), workers: z.number().int().min(1).max(64).optional() }), output: BatchInfo },
} as const

export const batchEvents = {
  /** The batch's state or counts changed. */
  'batch.changed': BatchInfo,
  /** One photo changed status (started, done, failed, skipped). */
  'batch.item': batchId.extend({ item: BatchItem }),
} as const
