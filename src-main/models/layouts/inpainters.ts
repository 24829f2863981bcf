import type { PackFamily } from '../../../src-shared/contract'
import { graphComponent } from './components'
import type { Layout } from './layout'

/** A repo whose one graph of interest is an inpainter, picked by its public file name. */
function inpainterLayout(family: PackFamily, label: string, graphs: string[]): Layout {
  return {
    label,
    needs: graphs.join(' or '),
    plan(listing) {
      const graph = graphs.find((path) => listing.files.some((file) => file.path === path))
      const parts = graph && graphComponent(listing, 'inpainter', graph)
      if (!parts) return undefined
      // LaMa runs at its fixed 512; MI-GAN crops and resizes inside its graph (model-packs.md).
      return { ...parts, family, variant: graph!.replace(/\.onnx$/, ''), defaults: {}, nativeResolution: { width: 512, height: 512 }, sizeMultiple: 8, companions: [] }
    },
  }
}

export const carveLama = inpainterLayout('lama', 'LaMa (Carve/LaMa-ONNX)', ['lama_fp32.onnx'])
export const migan = inpainterLayout('migan', 'MI-GAN (andraniksargsyan/migan)', ['migan_pipeline_v2.onnx'])
