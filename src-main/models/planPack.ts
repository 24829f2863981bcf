import { AppError, type PackManifest, type PackSource } from '../../src-shared/contract'
import type { RepoListing } from './hub/repoFiles'
import { companionComponent } from './layouts/components'
import { recogniseLayout } from './layouts'
import { mergePlans, type ComponentsPlan, type GeneratedFile, type PlannedFile } from './layouts/layout'

/** A pack to install: its manifest less the files' hashes, which the install learns as it fetches them. */
export interface PackPlan {
  fields: Omit<PackManifest, 'files'>
  files: PlannedFile[]
  generated: GeneratedFile[]
  /** Files already installed that the manifest keeps (a component added to an installed pack). */
  kept?: PackManifest['files']
}

/** A pack's id from its main repo: `webnn/Z-Image-Turbo` → `webnn--z-image-turbo`. */
export function packIdFor(repo: string): string {
  return repo.toLowerCase().replace('/', '--').replace(/[^a-z0-9._-]/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64)
}

/** Where a companion repo's files sit in the pack: a folder named like the Hub cache names the repo. */
export const companionPrefix = (repo: string) => repo.replace('/', '--')

/**
 * The pack a repo makes: its layout, recognised by file names, and the components the layout takes from
 * other repos, each listed by `list`.
 */
export async function planPack(main: RepoListing, list: (repo: string, revision: string) => Promise<RepoListing>): Promise<PackPlan> {
  const layout = recogniseLayout(main)
  const sources: PackSource[] = [{ repo: main.repo, revision: main.revision, prefix: '' }]
  const parts: ComponentsPlan[] = [layout]
  for (const companion of layout.companions) {
    const listing = await list(companion.repo, companion.revision)
    const prefix = companionPrefix(listing.repo)
    const part = companionComponent(listing, companion.role, prefix)
    if (!part) throw missingComponent(listing.repo, companion.role)
    parts.push(part)
    sources.push({ repo: listing.repo, revision: listing.revision, prefix })
  }
  const { components, files, generated } = mergePlans(...parts)
  const { family, variant, defaults, nativeResolution, sizeMultiple } = layout
  return {
    fields: {
      id: packIdFor(main.repo),
      name: layout.precision ? `${main.repo} · ${layout.precision}` : main.repo,
      family,
      variant,
      components,
      defaults,
      nativeResolution,
      sizeMultiple,
      licence: main.licence ?? 'unknown',
      sources,
      fixedSize: false,
    },
    files,
    generated,
  }
}

export function missingComponent(repo: string, role: string): AppError {
  return new AppError('pack.noComponent', `${repo} has no ${role}: expected ${role}/model.onnx or onnx/${role}_model_*.onnx (or, for a tokenizer, ${role}/tokenizer.json).`, {
    repo,
    component: role,
  })
}
