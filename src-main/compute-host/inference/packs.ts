import { join } from 'node:path'
import type { ComponentRole, PackManifest } from '../../../src-shared/contract'
import { AppError } from '../../../src-shared/contract'
import { readManifest } from '../../models/manifest'
import { checkSizes } from '../../models/verifyFiles'
import { checkGraph, type GraphBinding } from './checkGraph'
import { ort } from './ort'
import type { LoadedSession, SessionCache } from './sessions'

/** Components that are not ONNX graphs. */
const nonGraphRoles: ComponentRole[] = ['tokenizer', 'tokenizer_2']

export interface PackComponent {
  loaded: LoadedSession
  binding: GraphBinding
}

/**
 * Installed packs as the compute host uses them: a component's session comes from the cache, checked against
 * its family's signature the first time its file is loaded.
 */
export class PackSessions {
  private readonly manifests = new Map<string, PackManifest>()
  private readonly bindings = new Map<string, GraphBinding>()

  constructor(readonly sessions: SessionCache) {}

  async component(packDir: string, role: ComponentRole): Promise<PackComponent> {
    const manifest = await this.manifest(packDir)
    const path = manifest.components[role]
    if (!path || nonGraphRoles.includes(role)) {
      throw new AppError('pack.badGraph', `The ${manifest.id} pack has no ${role} graph.`, { component: role })
    }
    const loaded = await this.sessions.session(join(packDir, path))
    let binding = this.bindings.get(loaded.path)
    if (!binding) {
      try {
        binding = checkGraph(manifest.family, role, loaded.session)
      } catch (error) {
        await this.sessions.unload(loaded.path)
        throw error
      }
      this.bindings.set(loaded.path, binding)
    }
    return { loaded, binding }
  }

  /** Drops everything loaded from a pack folder: called before it is removed or replaced. */
  async forget(packDir: string): Promise<void> {
    this.manifests.delete(packDir)
    const inside = (path: string) => path.startsWith(join(packDir, '/'))
    for (const loaded of this.sessions.loaded()) if (inside(loaded.path)) await this.sessions.unload(loaded.path)
    for (const path of [...this.bindings.keys()]) if (inside(path)) this.bindings.delete(path)
  }

  /** A pack is read once per host; the size check catches a file truncated since install without hashing gigabytes. */
  private async manifest(packDir: string): Promise<PackManifest> {
    let manifest = this.manifests.get(packDir)
    if (!manifest) {
      manifest = await readManifest(packDir)
      await checkSizes(packDir, manifest)
      this.manifests.set(packDir, manifest)
    }
    return manifest
  }
}

/**
 * Install-time proof that every graph of a pack loads and fits its family: each is opened on the CPU, checked
 * and released at once, leaving the cache (and the user's loaded models) alone.
 */
export async function checkPackGraphs(packDir: string): Promise<Partial<Record<ComponentRole, GraphBinding>>> {
  const manifest = await readManifest(packDir)
  const bindings: Partial<Record<ComponentRole, GraphBinding>> = {}
  for (const [role, path] of Object.entries(manifest.components) as [ComponentRole, string][]) {
    if (nonGraphRoles.includes(role)) continue
    let session
    try {
      session = await ort.InferenceSession.create(join(packDir, path))
    } catch (error) {
      throw new AppError('pack.badGraph', `The ${role} graph (${path}) does not load: ${(error as Error).message}`, { component: role })
    }
    try {
      bindings[role] = checkGraph(manifest.family, role, session)
    } finally {
      await session.release()
    }
  }
  return bindings
}

/** Pixels per latent cell of every VAE these families use (model-packs.md). */
const VAE_FACTOR = 8

/**
 * The image size an export baked into its transformer or UNet, if it did (diffusers issue 12843: the Z-Image
 * export fixes the export-time size): the latent input's last two dims are numbers instead of names.
 */
export function fixedImageSize(bindings: Partial<Record<ComponentRole, GraphBinding>>): { width: number; height: number } | undefined {
  const latent = bindings.transformer?.inputs.hidden_states ?? bindings.unet?.inputs.sample
  const [height, width] = latent?.shape.slice(-2) ?? []
  if (typeof height !== 'number' || typeof width !== 'number' || height <= 0 || width <= 0) return undefined
  return { width: width * VAE_FACTOR, height: height * VAE_FACTOR }
}
