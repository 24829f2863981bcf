import { z } from 'zod'

/**
 * Model packs: a folder with a `pack.json` manifest and the files it lists. The layouts (which graphs, which
 * tensor names) follow the public exports described in docs/model-packs.md.
 */
export const packFamilies = ['z-image', 'z-image-edit', 'sd', 'sdxl', 'lama', 'migan'] as const
export const PackFamily = z.enum(packFamilies)
export type PackFamily = z.infer<typeof PackFamily>

export const componentRoles = [
  'text_encoder',
  'text_encoder_2',
  'transformer',
  'unet',
  'vae_encoder',
  'vae_decoder',
  'safety_checker',
  'inpainter',
  'tokenizer',
  'tokenizer_2',
] as const
export const ComponentRole = z.enum(componentRoles)
export type ComponentRole = z.infer<typeof ComponentRole>

/**
 * The components each family needs, and those it may carry. Z-Image-Edit weights are not public yet: the family
 * is reserved and has no layout, so no pack of it installs (model-packs.md, "don't fake it").
 */
export const familyComponents: Record<PackFamily, { required: ComponentRole[]; optional: ComponentRole[] } | undefined> = {
  'z-image': { required: ['text_encoder', 'transformer', 'vae_decoder', 'tokenizer'], optional: ['vae_encoder', 'safety_checker'] },
  'z-image-edit': undefined,
  sd: { required: ['text_encoder', 'unet', 'vae_decoder', 'tokenizer'], optional: ['vae_encoder', 'safety_checker'] },
  sdxl: {
    required: ['text_encoder', 'text_encoder_2', 'unet', 'vae_decoder', 'tokenizer', 'tokenizer_2'],
    optional: ['vae_encoder'],
  },
  lama: { required: ['inpainter'], optional: [] },
  migan: { required: ['inpainter'], optional: [] },
}

/** A path inside the pack, with forward slashes; whether it stays inside is checked when the pack is read. */
const PackPath = z.string().min(1).max(1024)

export const PackFile = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256'),
  /** Bytes: tells a truncated file from a corrupt one, and gives downloads their total before the first byte. */
  size: z.number().int().nonnegative(),
})
export type PackFile = z.infer<typeof PackFile>

export const PackManifest = z.object({
  /** The pack's folder name once installed. */
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, dot, dash or underscore'),
  name: z.string().min(1).max(200),
  /** Checked against packFamilies separately, so an unknown family gets its own error. */
  family: z.string(),
  variant: z.string().min(1).max(64),
  components: z.partialRecord(ComponentRole, PackPath),
  defaults: z
    .object({
      steps: z.number().int().positive(),
      guidance: z.number().nonnegative(),
      shift: z.number().positive(),
      strength: z.number().min(0).max(1),
    })
    .partial()
    .default({}),
  nativeResolution: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }),
  sizeMultiple: z.number().int().positive(),
  licence: z.string().min(1),
  files: z.record(PackPath, PackFile),
})
export type PackManifest = z.infer<typeof PackManifest> & { family: PackFamily }

export const PackInfo = z.object({
  id: z.string(),
  name: z.string(),
  family: PackFamily,
  variant: z.string(),
  licence: z.string(),
  sizeOnDisk: z.number().int().nonnegative(),
  files: z.array(z.string()),
})
export type PackInfo = z.infer<typeof PackInfo>

/** Where ONNX Runtime runs: 'auto' picks by platform (CUDA, DirectML, CoreML, CPU); a named one is the user's override. */
export const providerChoices = ['auto', 'cuda', 'dml', 'coreml', 'webgpu', 'cpu'] as const

export const RuntimeInfo = z.object({
  provider: z.enum(providerChoices),
  /** Bytes of model the compute host may keep loaded; least recently used sessions are unloaded past it. */
  budgetBytes: z.number().int().positive(),
  /** Graphs loaded now, with the provider each actually runs on (CPU when the chosen one failed). */
  loaded: z.array(z.object({ packId: z.string().optional(), file: z.string(), provider: z.string() })),
})
export type RuntimeInfo = z.infer<typeof RuntimeInfo>

export const modelMethods = {
  'models.runtime': { input: z.object({}), output: RuntimeInfo },
  /** Changes the provider or the memory budget; kept across restarts of the app and of the compute host. */
  'models.setRuntime': {
    input: z.object({ provider: z.enum(providerChoices).optional(), budgetBytes: z.number().int().positive().optional() }),
    output: RuntimeInfo,
  },
  'models.list': { input: z.object({}), output: z.object({ packs: z.array(PackInfo) }) },
  /** Copies a pack folder into the models folder after checking every file and graph. */
  'models.installFromFolder': { input: z.object({ folder: z.string().min(1) }), output: PackInfo },
  /** Downloads a pack folder served over HTTP(S): `<url>/pack.json`, then each file it lists. */
  'models.installFromUrl': { input: z.object({ url: z.url({ protocol: /^https?$/ }) }), output: PackInfo },
  /** Stops an install in progress, named by its folder or URL; its partial files are removed. */
  'models.cancelInstall': { input: z.object({ source: z.string().min(1) }), output: z.object({}) },
  'models.remove': { input: z.object({ id: z.string().min(1) }), output: z.object({}) },
} as const

export const modelEvents = {
  'models.installProgress': z.object({
    source: z.string(),
    file: z.string(),
    bytesDone: z.number().nonnegative(),
    bytesTotal: z.number().nonnegative(),
    bytesPerSecond: z.number().nonnegative(),
    /** Undefined until a speed is known. */
    secondsLeft: z.number().nonnegative().optional(),
  }),
} as const
