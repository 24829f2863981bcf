import { AppError } from '../../../src-shared/contract'
import type { RepoListing } from '../hub/repoFiles'
import { carveLama, migan } from './inpainters'
import type { Layout, LayoutPlan } from './layout'
import { optimumStableDiffusion } from './optimum'
import { birefnet, isnet, mobileSam } from './segmenters'
import { zImageWebnn } from './zImageWebnn'

export const layouts: Layout[] = [zImageWebnn, optimumStableDiffusion, carveLama, migan, isnet, birefnet, mobileSam]

/** The layout a repo's file names match; none is pack.unknownLayout, naming what was found and what each layout needs. */
export function recogniseLayout(listing: RepoListing): LayoutPlan {
  for (const layout of layouts) {
    const plan = layout.plan(listing)
    if (plan) return plan
  }
  const found = listing.files.map((file) => file.path)
  const shown = found.slice(0, 12).join(', ') + (found.length > 12 ? `, and ${found.length - 12} more` : '')
  const supported = layouts.map((layout) => `${layout.label}: ${layout.needs}`).join('; ')
  throw new AppError('pack.unknownLayout', `${listing.repo} matches no model layout the editor knows. It has ${shown || 'no files'}. Supported: ${supported}.`, {
    repo: listing.repo,
    // Details carry strings only: the translated message lists them as they are.
    found: shown,
    supported,
  })
}
