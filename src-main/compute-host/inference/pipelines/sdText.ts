import { SDXL_PENULTIMATE } from '../graphSignatures'
import { clipPromptTokens, packClipTokenizer } from '../tokenizers'
import type { Feed, PackGraphs } from './packGraphs'

/** What the UNet is conditioned on for one prompt: its token features, and SDXL's extra inputs. */
export interface TextConditioning {
  hidden: Feed
  extra: Record<string, Feed>
}

const encodeWith = async (graphs: PackGraphs, role: 'text_encoder' | 'text_encoder_2', tokenizer: 'tokenizer' | 'tokenizer_2', prompt: string) => {
  const ids = clipPromptTokens(await packClipTokenizer(graphs.file(tokenizer)), prompt)
  return graphs.run(role, { input_ids: { dims: [1, ids.length], data: ids } })
}

/** SD 1.x/2.x: the CLIP encoder's `last_hidden_state` (model-packs.md, Stable Diffusion). */
export async function sdText(graphs: PackGraphs, prompt: string): Promise<TextConditioning> {
  const { last_hidden_state: hidden } = await encodeWith(graphs, 'text_encoder', 'tokenizer', prompt)
  return { hidden: hidden!, extra: {} }
}

/**
 * SDXL (Podell et al. 2023, §2.2; diffusers StableDiffusionXLPipeline.encode_prompt): both encoders' penultimate
 * hidden states (`hidden_states[-2]`, Optimum's `hidden_states.N` outputs) side by side on the feature axis,
 * encoder 1's first; the second encoder's pooled `text_embeds`; and the micro-conditioning `time_ids` = original
 * size, crop top-left, target size, as (height, width) pairs — here the working size, uncropped. An empty
 * negative prompt is zeros rather than the encoding of "" (SDXL's `force_zeros_for_empty_prompt`), time ids kept.
 */
export async function sdxlText(graphs: PackGraphs, prompt: string, width: number, height: number, negative = false): Promise<TextConditioning> {
  const timeIds = { dims: [1, 6], data: [height, width, 0, 0, height, width] }
  const first = await encodeWith(graphs, 'text_encoder', 'tokenizer', prompt)
  const second = await encodeWith(graphs, 'text_encoder_2', 'tokenizer_2', prompt)
  const [a, b, pooled] = [first[SDXL_PENULTIMATE.text_encoder]!, second[SDXL_PENULTIMATE.text_encoder_2]!, second.text_embeds!]
  const [tokens, widthA, widthB] = [a.dims[1]!, a.dims[2]!, b.dims[2]!]
  const hidden = new Float32Array(tokens * (widthA + widthB))
  for (let t = 0; t < tokens; t++) {
    hidden.set(a.data.subarray(t * widthA, (t + 1) * widthA), t * (widthA + widthB))
    hidden.set(b.data.subarray(t * widthB, (t + 1) * widthB), t * (widthA + widthB) + widthA)
  }
  const empty = negative && prompt === ''
  return {
    hidden: { dims: [1, tokens, widthA + widthB], data: empty ? hidden.fill(0) : hidden },
    extra: { text_embeds: { dims: pooled.dims, data: empty ? new Float32Array(pooled.data.length) : pooled.data }, time_ids: timeIds },
  }
}
