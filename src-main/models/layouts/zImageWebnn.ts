import type { ComponentRole } from '../../../src-shared/contract'
import type { RepoListing } from '../hub/repoFiles'
import { graphComponent, tokenizerComponent } from './components'
import { mergePlans, type ComponentsPlan, type Layout } from './layout'

/** Precisions in the order a pack prefers them: q4f16 is a third of f16's size at nearly its quality. */
const PRECISIONS = ['q4f16', 'f16', 'fp16', 'q4', 'int8', 'fp32', 'f32']

/** The Qwen tokenizer the webnn demo loads on its own: Tongyi-MAI's diffusers repo has it (model-packs.md). */
export const Z_IMAGE_TOKENIZER_REPO = 'Tongyi-MAI/Z-Image-Turbo'

/**
 * Microsoft's webnn/Z-Image-Turbo export: `onnx/<component>_model_<precision>.onnx`, big ones with an
 * `.onnx_data` sidecar. It has no VAE encoder and no tokenizer (model-packs.md); the tokenizer comes from
 * Tongyi-MAI's repo, and Edit, Inpaint and Outpaint wait for an encoder added from another repo.
 */
export const zImageWebnn: Layout = {
  label: 'Z-Image (webnn ONNX export)',
  needs: 'onnx/text_encoder_model_*.onnx, onnx/transformer_model_*.onnx, onnx/vae_decoder_model_*.onnx',
  plan(listing) {
    const precision = PRECISIONS.find((p) => graphPath(listing, 'transformer', p))
    if (!precision) return undefined
    const component = (role: ComponentRole, name = role) => {
      const chosen = [precision, ...PRECISIONS].find((p) => graphPath(listing, name, p))
      return chosen ? graphComponent(listing, role, graphPath(listing, name, chosen)!) : undefined
    }
    const required = [component('text_encoder'), component('transformer'), component('vae_decoder')]
    if (required.some((plan) => !plan)) return undefined
    const optional = [component('vae_encoder'), component('safety_checker'), tokenizerComponent(listing, 'tokenizer', 'tokenizer')]
    const parts = mergePlans(...([...required, ...optional].filter(Boolean) as ComponentsPlan[]))
    return {
      ...parts,
      family: 'z-image',
      // 'turbo' is what the generation plan reads to run without CFG; the precision goes into the pack's name.
      variant: /turbo/i.test(listing.repo) ? 'turbo' : 'base',
      precision,
      // Turbo is distilled to 8 steps with no guidance; the undistilled model wants CFG (model-packs.md).
      defaults: /turbo/i.test(listing.repo) ? { steps: 8, guidance: 0, shift: 3 } : { steps: 30, guidance: 4, shift: 3 },
      nativeResolution: { width: 1024, height: 1024 },
      sizeMultiple: 16,
      companions: parts.components.tokenizer ? [] : [{ repo: Z_IMAGE_TOKENIZER_REPO, revision: 'main', role: 'tokenizer' }],
    }
  },
}

function graphPath(listing: RepoListing, name: string, precision: string): string | undefined {
  const path = `onnx/${name}_model_${precision}.onnx`
  return listing.files.some((file) => file.path === path) ? path : undefined
}
