import type { ComponentRole } from '../../../src-shared/contract'
import { fileNamed } from '../hub/repoFiles'
import { graphComponent, tokenizerComponent } from './components'
import { mergePlans, planned, type ComponentsPlan, type Layout } from './layout'

/**
 * Hugging Face Optimum's ONNX export of a diffusers pipeline: one folder per component, each with
 * `model.onnx` (and `model.onnx_data` or `weights.pb` when big), CLIP tokenizers as vocab.json + merges.txt,
 * and the scheduler's config, which says whether the UNet predicts ε or v (model-packs.md).
 */
export const optimumStableDiffusion: Layout = {
  label: 'Stable Diffusion 1.x / 2.x / SDXL / SD-Turbo / SDXL-Turbo (Optimum ONNX export)',
  needs: 'text_encoder/model.onnx, unet/model.onnx, vae_decoder/model.onnx, tokenizer/ (and text_encoder_2/, tokenizer_2/ for SDXL)',
  plan(listing) {
    const sdxl = Boolean(fileNamed(listing, 'text_encoder_2/model.onnx'))
    const graph = (role: ComponentRole) => graphComponent(listing, role, `${role}/model.onnx`)
    const required = [graph('text_encoder'), graph('unet'), graph('vae_decoder'), tokenizerComponent(listing, 'tokenizer', 'tokenizer')]
    if (sdxl) required.push(graph('text_encoder_2'), tokenizerComponent(listing, 'tokenizer_2', 'tokenizer_2'))
    if (required.some((plan) => !plan)) return undefined
    const configs: ComponentsPlan = {
      components: {},
      files: planned(listing, '', [fileNamed(listing, 'model_index.json'), fileNamed(listing, 'scheduler/scheduler_config.json')]),
      generated: [],
    }
    const parts = mergePlans(...([...required, graph('vae_encoder'), configs].filter(Boolean) as ComponentsPlan[]))
    const turbo = /turbo/i.test(listing.repo)
    const lcm = /lcm/i.test(listing.repo)
    const side = sdxl && !turbo ? 1024 : 512
    return {
      ...parts,
      family: sdxl ? 'sdxl' : 'sd',
      variant: turbo ? 'turbo' : lcm ? 'lcm' : 'base',
      // SD-Turbo and SDXL-Turbo are distilled for 1–4 steps at guidance 0; LCM for 4–8, its guidance (8.5, diffusers' default) fed as an embedding.
      defaults: turbo ? { steps: 4, guidance: 0 } : lcm ? { steps: 4, guidance: 8.5 } : { steps: 30, guidance: sdxl ? 5 : 7.5 },
      nativeResolution: { width: side, height: side },
      sizeMultiple: 8,
      companions: [],
    }
  },
}
