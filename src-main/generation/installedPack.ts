import { AppError, generativeFamilies, type GenerativeFamily, type PackFeature, type PackManifest } from '../../src-shared/contract'
import { readManifest } from '../models/manifest'
import type { ModelManager } from '../models/ModelManager'

export interface InstalledPack {
  dir: string
  manifest: PackManifest
}

/**
 * The pack a generation uses: the one named, or the first installed of the family that can do `feature`.
 * pack.notInstalled says which family to install; pack.noComponent which component a pack lacks for it
 * (webnn/Z-Image-Turbo generates but has no VAE encoder to edit with).
 */
export async function installedPack(models: ModelManager, feature: PackFeature, family: GenerativeFamily, packId?: string): Promise<InstalledPack> {
  const packs = await models.list()
  const candidates = packId ? packs.filter((p) => p.id === packId) : packs.filter((p) => p.family === family)
  const pack = candidates.find((p) => p.enables.includes(feature)) ?? candidates[0]
  if (!pack) {
    const message = packId ? `The model pack ${packId} is not installed.` : `No ${family} model pack is installed: install one to generate with ${family}.`
    throw new AppError('pack.notInstalled', message, { family, ...(packId ? { packId } : {}) })
  }
  if (!(generativeFamilies as readonly string[]).includes(pack.family)) {
    throw new AppError('pack.notInstalled', `${pack.name} (${pack.family}) cannot generate images: install a ${family} pack.`, { family })
  }
  const lack = pack.lacks.find((l) => l.feature === feature)
  if (lack) {
    throw new AppError('pack.noComponent', `${pack.name} cannot ${feature}: it has no ${lack.component}. Add one in AI › Model manager.`, {
      packId: pack.id,
      feature,
      component: lack.component,
    })
  }
  const dir = models.packDir(pack.id)
  return { dir, manifest: await readManifest(dir) }
}
