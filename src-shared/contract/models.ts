import { z } from 'zod'
import { FilePath } from './paths'

/**
 * Model packs: a folder with a `pack.json` manifest and the files it lists. The layouts (which graphs, which
 * tensor names) follow the public exports described in docs/model-packs.md.
 */
export const packFamilies = ['z-image', 'z-image-edit', 'sd', 'sdxl', 'lama', 'migan', 'salient', 'sam'] as const
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
  /** A salient-object graph (ISNet, BiRefNet): an image in, the subject's alpha out. */
  'segmenter',
  /** SAM's image encoder, run once per image, and its prompt decoder, run per click (model-packs.md). */
  'image_encoder',
  'prompt_decoder',
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
  salient: { required: ['segmenter'], optional: [] },
  sam: { required: ['image_encoder', 'prompt_decoder'], optional: [] },
}

/** One public repo a pack's files came from, at the commit the install resolved. */
export const PackSource = z.object({
  repo: z.string(),
  revision: z.string(),
  /** The folder inside the pack its files sit under: '' for the pack's main repo. */
  prefix: z.string(),
})
export type PackSource = z.infer<typeof PackSource>

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
  /** The public repos the files came from; absent for a pack built by hand. */
  sources: z.array(PackSource).default([]),
  /**
   * The export baked its spatial size into the transformer or UNet (diffusers issue 12843): it runs only at
   * nativeResolution, and regions are resized to it and back.
   */
  fixedSize: z.boolean().default(false),
})
export type PackManifest = z.infer<typeof PackManifest> & { family: PackFamily }

/** What a user can do with a pack; each needs a set of components (packFeatures.ts). */
export const packFeatures = ['generate', 'edit', 'inpaint', 'outpaint', 'remove', 'selectSubject', 'segment'] as const
export const PackFeature = z.enum(packFeatures)
export type PackFeature = z.infer<typeof PackFeature>

export const PackInfo = z.object({
  id: z.string(),
  name: z.string(),
  family: PackFamily,
  variant: z.string(),
  licence: z.string(),
  sizeOnDisk: z.number().int().nonnegative(),
  files: z.array(z.string()),
  enables: z.array(PackFeature),
  /** Features the family offers that this pack cannot run yet, with the component each lacks. */
  lacks: z.array(z.object({ feature: PackFeature, component: ComponentRole })),
  sources: z.array(PackSource),
})
export type PackInfo = z.infer<typeof PackInfo>

/** A download that stopped before it finished (a network failure, the app closed): installing it again resumes. */
export const PendingInstall = z.object({
  /** What was installed: a catalog id, a Hub repo, a folder, or a component added to the pack `packId`. */
  kind: z.enum(['catalog', 'hub', 'folder', 'component']),
  source: z.string(),
  packId: z.string().optional(),
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
})
export type PendingInstall = z.infer<typeof PendingInstall>

/** A Hub repo id (`org/name`), or its URL on any endpoint (`https://huggingface.co/org/name[/tree/rev]`). */
export const HubRepoRef = z.object({
  repo: z.string().min(3).max(300),
  /** A branch, tag or commit; the catalog's pin or `main` when absent. */
  revision: z.string().min(1).max(200).optional(),
})
export type HubRepoRef = z.infer<typeof HubRepoRef>

/** One known public pack: what it is, where it comes from, what it costs and what it enables. */
export const CatalogEntry = z.object({
  id: z.string(),
  name: z.string(),
  family: PackFamily,
  /** The repos it is built from, first the main one; later ones give single components (e.g. the tokenizer). */
  sources: z.array(z.object({ repo: z.string(), revision: z.string(), components: z.array(ComponentRole).optional() })),
  downloadBytes: z.number().int().positive(),
  /** Memory the loaded graphs need, roughly. */
  memoryBytes: z.number().int().positive(),
  licence: z.string(),
  /** True when the licence allows commercial use. */
  commercial: z.boolean(),
  enables: z.array(PackFeature),
  lacks: z.array(z.object({ feature: PackFeature, component: ComponentRole })),
  installed: z.boolean(),
})
export type CatalogEntry = z.infer<typeof CatalogEntry>

/** A repo snapshot already in the user's Hugging Face cache, that installs without a download. */
export const CachedSnapshot = z.object({ repo: z.string(), revision: z.string(), folder: z.string(), family: PackFamily.optional() })
export type CachedSnapshot = z.infer<typeof CachedSnapshot>

export const HubSettings = z.object({
  /** The Hub or a mirror of it (users in mainland China often use one): `HF_ENDPOINT`'s meaning. */
  endpoint: z.url({ protocol: /^https?$/ }),
  /** Whether a token for gated repos is saved; the token itself never goes back to the page. */
  hasToken: z.boolean(),
})
export type HubSettings = z.infer<typeof HubSettings>

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
  'models.list': { input: z.object({}), output: z.object({ packs: z.array(PackInfo), pending: z.array(PendingInstall) }) },
  'models.catalog': { input: z.object({}), output: z.object({ entries: z.array(CatalogEntry) }) },
  /** Installs a catalog entry: its repos are fetched, recognised and checked as installFromHub does. */
  'models.installFromCatalog': { input: z.object({ id: z.string().min(1) }), output: PackInfo },
  /** Installs a public repo as published: lists its files, recognises the layout, writes the manifest, downloads and verifies. */
  'models.installFromHub': { input: HubRepoRef, output: PackInfo },
  /**
   * Installs a folder: a pack with its pack.json, or a repo snapshot as downloaded (a Hub cache snapshot with
   * its symlinks included), whose layout is recognised and whose files are hashed on import.
   */
  'models.installFromFolder': { input: z.object({ folder: FilePath }), output: PackInfo },
  /** Downloads a pack folder served over HTTP(S): `<url>/pack.json`, then each file it lists. */
  'models.installFromUrl': { input: z.object({ url: z.url({ protocol: /^https?$/ }) }), output: PackInfo },
  /** Adds a component a pack lacks (e.g. Z-Image's VAE encoder) from another repo. */
  'models.addComponent': { input: HubRepoRef.extend({ packId: z.string().min(1) }), output: PackInfo },
  /** Repo snapshots in the user's Hugging Face cache (`HF_HOME`, default ~/.cache/huggingface/hub) that install with no download. */
  'models.findCached': { input: z.object({}), output: z.object({ snapshots: z.array(CachedSnapshot) }) },
  'models.hubSettings': { input: z.object({}), output: HubSettings },
  /** `token: null` forgets the saved token. */
  'models.setHubSettings': {
    input: z.object({ endpoint: z.url({ protocol: /^https?$/ }).optional(), token: z.string().max(500).nullable().optional() }),
    output: HubSettings,
  },
  /** Stops an install in progress, named by its source (folder, URL, repo id or catalog id); the user chose to stop, so its partial files go. */
  'models.cancelInstall': { input: z.object({ source: z.string().min(1) }), output: z.object({}) },
  'models.remove': { input: z.object({ id: z.string().min(1) }), output: z.object({}) },
} as const

export const modelEvents = {
  'models.installProgress': z.object({
    source: z.string(),
    /** Downloading, or hashing files that are already here (a folder import, a resumed download). */
    phase: z.enum(['download', 'verify']),
    file: z.string(),
    bytesDone: z.number().nonnegative(),
    bytesTotal: z.number().nonnegative(),
    bytesPerSecond: z.number().nonnegative(),
    /** Undefined until a speed is known. */
    secondsLeft: z.number().nonnegative().optional(),
  }),
} as const
