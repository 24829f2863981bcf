import type { ComponentRole, PackFamily, PackFeature, PackInfo } from '../../../src-shared/contract'

/** Why some features cannot run: no pack of the kind at all, or the chosen pack lacks a component. */
export type FeatureGap =
  | { features: PackFeature[]; kind: 'noPack' }
  | { features: PackFeature[]; kind: 'lacks'; component: ComponentRole; family: PackFamily; pack: string }
  | { features: PackFeature[]; kind: 'unsupported'; family: PackFamily; pack: string }

/**
 * The features of `wanted` that `pack` cannot run, grouped by the reason (one line each: "Edit, Inpaint and
 * Outpaint need a VAE encoder"), from the pack's own enables and lacks as main reports them; `name` is the pack
 * as the user knows it.
 */
export function featureGaps(pack: PackInfo | undefined, wanted: readonly PackFeature[], name = pack?.name ?? ''): FeatureGap[] {
  if (!pack) return [{ features: [...wanted], kind: 'noPack' }]
  const gaps: FeatureGap[] = []
  for (const feature of wanted) {
    if (pack.enables.includes(feature)) continue
    const lack = pack.lacks.find((l) => l.feature === feature)
    const same = gaps.find((gap) => (lack ? gap.kind === 'lacks' && gap.component === lack.component : gap.kind === 'unsupported'))
    if (same) same.features.push(feature)
    else if (lack) gaps.push({ features: [feature], kind: 'lacks', component: lack.component, family: pack.family, pack: name })
    else gaps.push({ features: [feature], kind: 'unsupported', family: pack.family, pack: name })
  }
  return gaps
}

/** Whether `feature` is among the gaps' features, i.e. its button is off. */
export const blocked = (gaps: FeatureGap[], feature: PackFeature) => gaps.some((gap) => gap.features.includes(feature))

/** A pack's lacks grouped by component: "Edit, Inpaint, Outpaint need a VAE encoder". */
export function lacksByComponent(pack: PackInfo): { component: ComponentRole; features: PackFeature[] }[] {
  const groups: { component: ComponentRole; features: PackFeature[] }[] = []
  for (const { feature, component } of pack.lacks) {
    const group = groups.find((g) => g.component === component)
    if (group) group.features.push(feature)
    else groups.push({ component, features: [feature] })
  }
  return groups
}
