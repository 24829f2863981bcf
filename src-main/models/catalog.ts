import type { CatalogEntry, ComponentRole } from '../../src-shared/contract'
import { packAbilities } from '../../src-shared/packAbilities'
import { Z_IMAGE_TOKENIZER_REPO } from './layouts/zImageWebnn'

type KnownPack = Omit<CatalogEntry, 'enables' | 'lacks' | 'installed'> & { components: ComponentRole[] }

const GB = 1e9
const MB = 1e6

/**
 * The public packs the Model manager offers, with the sizes the Hub lists for the files the installer picks
 * (model-packs.md). Only licences that allow commercial use are offered by default; the RMBG models, for one,
 * are not here. Revisions are branches until someone with Hub access pins them to commits: the install
 * records the commit it resolved in the pack's manifest either way.
 */
const knownPacks: KnownPack[] = [
  {
    id: 'webnn--z-image-turbo',
    name: 'Z-Image Turbo (q4f16)',
    family: 'z-image',
    sources: [
      { repo: 'webnn/Z-Image-Turbo', revision: 'main' },
      { repo: Z_IMAGE_TOKENIZER_REPO, revision: 'main', components: ['tokenizer'] },
    ],
    // Text encoder 2.06 GB, transformer 3.44 GB, VAE decoder 94.6 MB, safety checker 580 MB, tokenizer 11 MB.
    downloadBytes: Math.round(2.06 * GB + 3.44 * GB + 94.6 * MB + 580 * MB + 11 * MB),
    memoryBytes: 8 * GB,
    licence: 'apache-2.0',
    commercial: true,
    components: ['text_encoder', 'transformer', 'vae_decoder', 'safety_checker', 'tokenizer'],
  },
  {
    id: 'carve--lama-onnx',
    name: 'LaMa (object removal)',
    family: 'lama',
    sources: [{ repo: 'Carve/LaMa-ONNX', revision: 'main' }],
    downloadBytes: 208 * MB,
    memoryBytes: 1 * GB,
    licence: 'apache-2.0',
    commercial: true,
    components: ['inpainter'],
  },
  {
    id: 'andraniksargsyan--migan',
    name: 'MI-GAN (fast object removal)',
    family: 'migan',
    sources: [{ repo: 'andraniksargsyan/migan', revision: 'main' }],
    downloadBytes: 28 * MB,
    memoryBytes: 0.3 * GB,
    licence: 'mit',
    commercial: true,
    components: ['inpainter'],
  },
  {
    id: 'onnx-community--birefnet_lite-onnx',
    name: 'BiRefNet lite (select subject, remove background)',
    family: 'salient',
    sources: [{ repo: 'onnx-community/BiRefNet_lite-ONNX', revision: 'main' }],
    // onnx/model_fp16.onnx as the Hub lists it.
    downloadBytes: 115 * MB,
    memoryBytes: 1.5 * GB,
    licence: 'mit',
    commercial: true,
    components: ['segmenter'],
  },
  {
    id: 'acly--mobilesam',
    name: 'MobileSAM (click to select an object)',
    family: 'sam',
    sources: [{ repo: 'Acly/MobileSAM', revision: 'main' }],
    // Encoder 28.2 MB, single-mask decoder 16.5 MB. MobileSAM's weights are Apache-2.0; Acly's export is MIT.
    downloadBytes: Math.round(28.2 * MB + 16.5 * MB),
    memoryBytes: 0.5 * GB,
    licence: 'apache-2.0',
    commercial: true,
    components: ['image_encoder', 'prompt_decoder'],
  },
]

/** The catalog as the Model manager shows it; `installed` lists the ids of the packs on this machine. */
export function catalog(installed: Set<string>): CatalogEntry[] {
  return knownPacks.map(({ components, ...entry }) => ({
    ...entry,
    ...packAbilities(entry.family, Object.fromEntries(components.map((role) => [role, true]))),
    installed: installed.has(entry.id),
  }))
}

export function catalogEntry(id: string): KnownPack | undefined {
  return knownPacks.find((entry) => entry.id === id)
}
