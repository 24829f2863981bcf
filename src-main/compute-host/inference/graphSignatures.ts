import type { ComponentRole, PackFamily } from '../../../src-shared/contract'
import type { TensorType } from './ort'

/** One tensor a pipeline feeds or reads: any of its names, dtypes and ranks is accepted. */
export interface TensorRule {
  names: string[]
  types: TensorType[]
  ranks: number[]
  /** A tensor the pipeline can do without: an output it need not read (CLIP's pooler_output), an input only some exports take. */
  optional?: boolean
}

export interface GraphSignature {
  inputs: TensorRule[]
  outputs: TensorRule[]
}

const float: TensorType[] = ['float32', 'float16']
const ids: TensorType[] = ['int64', 'int32']
const rule = (names: string | string[], types: TensorType[], ranks: number | number[], optional?: boolean): TensorRule => ({
  names: [names].flat(),
  types,
  ranks: [ranks].flat(),
  ...(optional ? { optional } : {}),
})

/** VAE: encoder `sample` → `latent_parameters` (Optimum: mean and log-variance) or `latent_sample` (older exports). */
const vaeEncoder: GraphSignature = {
  inputs: [rule('sample', float, 4)],
  outputs: [rule(['latent_parameters', 'latent_sample'], float, 4)],
}
const vaeDecoder: GraphSignature = { inputs: [rule('latent_sample', float, 4)], outputs: [rule('sample', float, 4)] }
const safetyChecker: GraphSignature = {
  inputs: [rule('clip_input', float, 4)],
  outputs: [rule('has_nsfw_concepts', ['bool'], 1)],
}

/** CLIP text encoder (Optimum): `input_ids` → `last_hidden_state`, `pooler_output`; int32 or int64 ids by export. */
const clipTextEncoder: GraphSignature = {
  inputs: [rule('input_ids', ids, 2)],
  outputs: [rule('last_hidden_state', float, 3), rule('pooler_output', float, 2, true)],
}
/**
 * SDXL conditions on the penultimate hidden states of both encoders (diffusers `hidden_states[-2]`), which
 * Optimum exports as `hidden_states.0` … `hidden_states.N` beside `last_hidden_state`: N = 12 for CLIP ViT-L/14,
 * 32 for OpenCLIP ViT-bigG/14 (model-packs.md). An export without them cannot condition SDXL: it is refused,
 * since `last_hidden_state` in their place would run and quietly draw something else.
 */
export const SDXL_PENULTIMATE = { text_encoder: 'hidden_states.11', text_encoder_2: 'hidden_states.31' } as const
const sdxlTextEncoder: GraphSignature = {
  inputs: [rule('input_ids', ids, 2)],
  outputs: [rule(SDXL_PENULTIMATE.text_encoder, float, 3)],
}
/** SDXL's second encoder also returns the pooled `text_embeds` the UNet takes. */
const sdxlTextEncoder2: GraphSignature = {
  inputs: [rule('input_ids', ids, 2)],
  outputs: [rule(SDXL_PENULTIMATE.text_encoder_2, float, 3), rule('text_embeds', float, 2)],
}
/** The UNet's timestep dtype and shape differ between exports: float or int, scalar or [B] (model-packs.md). */
const unetTimestep = rule('timestep', [...float, ...ids], [0, 1])
/** LCM-distilled UNets take the guidance scale as an embedding [B, time_cond_proj_dim] (Optimum's UNet config). */
const lcmGuidance = rule('timestep_cond', float, 2, true)
const sdUnet: GraphSignature = {
  inputs: [rule('sample', float, 4), unetTimestep, rule('encoder_hidden_states', float, 3), lcmGuidance],
  outputs: [rule('out_sample', float, 4)],
}
const sdxlUnet: GraphSignature = {
  inputs: [...sdUnet.inputs, rule('text_embeds', float, 2), rule('time_ids', float, 2)],
  outputs: sdUnet.outputs,
}

/**
 * Salient-object graphs: ISNet (`input`, RGB as (x − 128)/256 → `output` alpha in 0..1; @imgly's export, rembg's
 * `input.1`) and BiRefNet (onnx-community: `input_image`, ImageNet-normalised → `output_image` logits), both
 * [1,3,1024,1024] → [1,1,1024,1024]. The variant in the manifest says which normalisation (model-packs.md).
 */
const segmenter: GraphSignature = {
  inputs: [rule(['input', 'input.1', 'input_image'], float, 4)],
  outputs: [rule(['output', 'output_image'], float, 4)],
}
/** SAM's image encoder as Acly/MobileSAM exports it: `input_image` f32 [H,W,3] RGB 0..255, longest side 1024 → [1,256,64,64]. */
const samEncoder: GraphSignature = { inputs: [rule('input_image', ['float32'], 3)], outputs: [rule('image_embeddings', ['float32'], 4)] }
/**
 * SAM's prompt encoder + mask decoder (segment-anything `SamOnnxModel`, which MobileSAM's export uses): points in
 * the encoder's 1024 frame with labels 1 object, 0 background, 2/3 box corners, −1 padding; the previous low-res
 * logits as `mask_input`; `masks` logits at `orig_im_size` (> 0 = object).
 */
const samDecoder: GraphSignature = {
  inputs: [
    rule('image_embeddings', ['float32'], 4),
    rule('point_coords', ['float32'], 3),
    rule('point_labels', ['float32'], 2),
    rule('mask_input', ['float32'], 4),
    rule('has_mask_input', ['float32'], 1),
    rule('orig_im_size', ['float32'], 1),
  ],
  outputs: [rule('masks', ['float32'], 4), rule('iou_predictions', ['float32'], 2, true), rule('low_res_masks', ['float32'], 4)],
}

/**
 * What each family's graphs must look like, from the public exports (model-packs.md). A pack is checked
 * against this when loaded, so a wrong export fails with the tensor's name instead of deep in a pipeline.
 */
export const graphSignatures: Record<PackFamily, Partial<Record<ComponentRole, GraphSignature>>> = {
  /** Microsoft's webnn/Z-Image-Turbo export; the transformer's output has no batch axis. */
  'z-image': {
    text_encoder: {
      inputs: [rule('input_ids', ['int64'], 2), rule('attention_mask', ['int64'], 2)],
      outputs: [rule('encoder_hidden_state', float, 3)],
    },
    transformer: {
      inputs: [rule('hidden_states', float, 5), rule('timestep', float, 1), rule('encoder_hidden_states', float, 3)],
      outputs: [rule('unified_results', float, 4)],
    },
    vae_encoder: vaeEncoder,
    vae_decoder: vaeDecoder,
    safety_checker: safetyChecker,
  },
  'z-image-edit': {},
  sd: { text_encoder: clipTextEncoder, unet: sdUnet, vae_encoder: vaeEncoder, vae_decoder: vaeDecoder, safety_checker: safetyChecker },
  sdxl: { text_encoder: sdxlTextEncoder, text_encoder_2: sdxlTextEncoder2, unet: sdxlUnet, vae_encoder: vaeEncoder, vae_decoder: vaeDecoder },
  /** Carve/LaMa-ONNX: float image in 0..1 and mask with 1 = hole → `output` in 0..255. */
  lama: { inpainter: { inputs: [rule('image', ['float32'], 4), rule('mask', ['float32'], 4)], outputs: [rule('output', ['float32'], 4)] } },
  /** MI-GAN pipeline v2: uint8 image and mask with 255 = keep → uint8 `result`. */
  migan: { inpainter: { inputs: [rule('image', ['uint8'], 4), rule('mask', ['uint8'], 4)], outputs: [rule('result', ['uint8'], 4)] } },
  salient: { segmenter },
  sam: { image_encoder: samEncoder, prompt_decoder: samDecoder },
}
