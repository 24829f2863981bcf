import type { ComponentRole } from '../../../src-shared/contract'
import { fileNamed, sidecars, type RepoListing } from '../hub/repoFiles'
import { clipTokenizerJson } from './clipTokenizer'
import { packPathOf, planned, type ComponentsPlan } from './layout'

/** A graph and its external-data sidecars as one component. */
export function graphComponent(listing: RepoListing, role: ComponentRole, graph: string, prefix = ''): ComponentsPlan | undefined {
  const file = fileNamed(listing, graph)
  if (!file) return undefined
  return { components: { [role]: packPathOf(prefix, graph) }, files: planned(listing, prefix, [file, ...sidecars(listing, graph)]), generated: [] }
}

/**
 * A tokenizer folder (`tokenizer/` or `tokenizer_2/`): its tokenizer.json, or one made from vocab.json and
 * merges.txt, which is all that Optimum's CLIP exports ship (model-packs.md, "Tokenizers"). Its configs come
 * along: the pipeline reads the padding token from them.
 */
export function tokenizerComponent(listing: RepoListing, role: ComponentRole, folder: string, prefix = ''): ComponentsPlan | undefined {
  const named = (name: string) => fileNamed(listing, `${folder}/${name}`)
  const configs = [named('tokenizer_config.json'), named('special_tokens_map.json')]
  const json = named('tokenizer.json')
  const packPath = packPathOf(prefix, `${folder}/tokenizer.json`)
  if (json) return { components: { [role]: packPath }, files: planned(listing, prefix, [json, ...configs]), generated: [] }
  const vocab = named('vocab.json')
  const merges = named('merges.txt')
  if (!vocab || !merges) return undefined
  return {
    components: { [role]: packPath },
    files: planned(listing, prefix, [vocab, merges, ...configs]),
    generated: [{ packPath, make: (staging) => clipTokenizerJson(staging, packPathOf(prefix, folder)) }],
  }
}

/** Where a component sits in the layouts a companion repo may have: Optimum's folders or a webnn `onnx/` folder. */
export function companionComponent(listing: RepoListing, role: ComponentRole, prefix: string): ComponentsPlan | undefined {
  if (role === 'tokenizer' || role === 'tokenizer_2') return tokenizerComponent(listing, role, role, prefix)
  const webnn = listing.files.find((file) => new RegExp(`^onnx/${role}_model[^/]*\\.onnx$`).test(file.path))
  return graphComponent(listing, role, `${role}/model.onnx`, prefix) ?? (webnn && graphComponent(listing, role, webnn.path, prefix))
}
