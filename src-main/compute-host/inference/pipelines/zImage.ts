import type { StepContext } from '../../taskContext'
import { packTokenizer, zImagePromptTokens } from '../tokenizers'
import { editStartStep } from './editStart'
import { flowMatchNoised, flowMatchSigmas } from './flowMatch'
import { blendInside, latentMask, VAE_FACTOR } from './latentImage'
import { gaussianNoise } from './noise'
import type { Output, PackGraphs } from './packGraphs'
import type { PipelineRequest, PipelineResult } from './request'
import { finishResult } from './finishResult'
import { decodeLatent, encodeImage, type LatentScaling } from './vae'

/** The Flux VAE's normalisation in Z-Image (model-packs.md, "VAE"). */
const zImageScaling: LatentScaling = { scale: 0.3611, shift: 0.1159 }
const DEFAULT_SHIFT = 3

/**
 * Z-Image Turbo and Base (model-packs.md, "Z-Image"): flow-matching Euler over shifted sigmas; the
 * transformer gets t = 1 − σ and its output is negated, `x ← x + (σ_next − σ)·v`; CFG
 * `pred = pos + g·(pos − neg)` when g > 0. An image starts the path part-way (strength); a mask keeps the
 * unmasked latent on the image's own path after every step, with the same noise throughout.
 */
export async function zImagePipeline(graphs: PackGraphs, request: PipelineRequest, context: StepContext): Promise<PipelineResult> {
  const { width, height, steps, guidance } = request
  const [h, w] = [height / VAE_FACTOR, width / VAE_FACTOR]
  const channels = Number((await graphs.input('transformer', 'hidden_states')).shape[1]) || 16
  const tokenizer = await packTokenizer(graphs.file('tokenizer'))
  const encodePrompt = async (prompt: string) => {
    const { ids, attentionMask } = zImagePromptTokens(tokenizer, prompt)
    const dims = [1, ids.length]
    const { encoder_hidden_state: features } = await graphs.run('text_encoder', { input_ids: { dims, data: ids }, attention_mask: { dims, data: attentionMask } })
    return features!
  }
  const positive = await encodePrompt(request.prompt)
  const negative = guidance > 0 ? await encodePrompt(request.negativePrompt) : undefined

  const noise = gaussianNoise(request.seed, channels * h * w)
  const clean = request.image ? await encodeImage(graphs, request.image, width, height, channels, zImageScaling) : undefined
  const mask = request.mask && clean ? latentMask(request.mask, width, height) : undefined
  const sigmas = flowMatchSigmas(steps, request.shift ?? graphs.manifest.defaults.shift ?? DEFAULT_SHIFT)
  const start = clean ? editStartStep(steps, request.strength) : 0
  // Strength 0: the image itself, not a VAE round trip of it.
  if (request.image && start === steps) return finishResult(graphs, request.image.slice(), request, clean!, [channels, h, w], 0)

  const transformer = async (x: Float32Array, sigma: number, text: Output) => {
    const { unified_results: out } = await graphs.run('transformer', {
      hidden_states: { dims: [1, channels, 1, h, w], data: x },
      timestep: { dims: [1], data: [1 - sigma] },
      encoder_hidden_states: { dims: text.dims, data: text.data },
    })
    return out!.data
  }
  let x = clean ? flowMatchNoised(clean, noise, sigmas[start]!) : noise.slice()
  for (let i = start; i < steps; i++) {
    await context.checkpoint()
    const [sigma, next] = [sigmas[i]!, sigmas[i + 1]!]
    const pos = await transformer(x, sigma, positive)
    const pred = negative ? guided(pos, await transformer(x, sigma, negative), guidance) : pos
    for (let j = 0; j < x.length; j++) x[j] = x[j]! - (next - sigma) * pred[j]!
    if (mask) x = blendInside(x, flowMatchNoised(clean!, noise, next), mask)
    context.progress((i - start + 1) / (steps - start), `step ${i - start + 1}/${steps - start}`)
  }
  const rgba = await decodeLatent(graphs, x, width, height, channels, zImageScaling)
  return finishResult(graphs, rgba, request, x, [channels, h, w], steps - start)
}

/** Classifier-free guidance as Z-Image applies it: `pos + g·(pos − neg)` (model-packs.md). */
function guided(pos: Float32Array, neg: Float32Array, guidance: number): Float32Array {
  return pos.map((p, j) => p + guidance * (p - neg[j]!))
}
