import { AppError, generativeFamilies, type GenerativeFamily, type PackManifest } from '../../src-shared/contract'
import { readManifest } from '../models/manifest'
import type { ModelManager } from '../models/ModelManager'

export interface InstalledPack {
  dir: string
  manifest: PackManifest
}

/** The pack a generation uses: the one named, or the first installed of the family; pack.notInstalled says which to install. */
export async function installedPack(models: ModelManager, family: GenerativeFamily, packId?: string): Promise<InstalledPack> {
  const packs = await models.list()
  const pack = packId ? packs.find((p) => p.id === packId) : packs.find((p) => p.family === family)
  if (!pack) {
    const message = packId ? `The model pack ${packId} is not installed.` : `No ${family} model pack is installed: install one to generate with ${family}.`
    throw new AppError('pack.notInstalled', message, { family, ...(packId ? { packId } : {}) })
  }
  if (!(generativeFamilies as readonly string[]).includes(pack.family)) {
    throw new AppError('pack.notInstalled', `${pack.name} (${pack.family}) cannot generate images: install a ${family} pack.`, { family })
  }
  const dir = models.packDir(pack.id)
  return { dir, manifest: await readManifest(dir) }
}
