import type { ComponentRole, PackFamily, PackManifest } from '../../../src-shared/contract'
import type { RepoFile, RepoListing } from '../hub/repoFiles'

/** A file the install takes from a repo, and where it goes in the pack. */
export interface PlannedFile {
  listing: RepoListing
  file: RepoFile
  packPath: string
}

/** A file the install writes itself from planned ones (a CLIP tokenizer.json from vocab.json and merges.txt). */
export interface GeneratedFile {
  packPath: string
  make(staging: string): Promise<void>
}

/** Some of a pack: components, the files they need, and files to generate. */
export interface ComponentsPlan {
  components: Partial<Record<ComponentRole, string>>
  files: PlannedFile[]
  generated: GeneratedFile[]
}

/** A component a layout takes from another public repo (the Z-Image tokenizer from Tongyi-MAI's repo). */
export interface Companion {
  repo: string
  revision: string
  role: ComponentRole
}

export interface LayoutPlan extends ComponentsPlan {
  family: PackFamily
  variant: string
  /** The weights' precision when the repo offers several (webnn: q4f16, f16). */
  precision?: string
  defaults: PackManifest['defaults']
  nativeResolution: { width: number; height: number }
  sizeMultiple: number
  companions: Companion[]
}

/** A public layout: recognised by its file names; the graphs' signatures confirm it once downloaded. */
export interface Layout {
  /** What it is, and the files that make it one: both go into the message for a repo that matches nothing. */
  label: string
  needs: string
  plan(listing: RepoListing): LayoutPlan | undefined
}

export const packPathOf = (prefix: string, path: string) => (prefix ? `${prefix}/${path}` : path)

export function planned(listing: RepoListing, prefix: string, files: (RepoFile | undefined)[]): PlannedFile[] {
  return files.filter((file): file is RepoFile => file !== undefined).map((file) => ({ listing, file, packPath: packPathOf(prefix, file.path) }))
}

export function mergePlans(...plans: ComponentsPlan[]): ComponentsPlan {
  return {
    components: Object.assign({}, ...plans.map((plan) => plan.components)),
    files: plans.flatMap((plan) => plan.files),
    generated: plans.flatMap((plan) => plan.generated),
  }
}
