import { AppError } from '../../../../src-shared/contract'
import type { StepContext } from '../../taskContext'
import { sdScheduler } from './ddpmSchedulers'
import { finishResult } from './finishResult'
import { sdEditStartStep } from './editStart'
import { guidanceEmbedding } from './guidanceEmbedding'
import { blendInside, latentMask, VAE_FACTOR } from './latentImage'
import { gaussianNoise } from './noise'
import type { Feed, PackGraphs } from './packGraphs'
import { asEpsilon, packPrediction } from './prediction'
import type { PipelineRequest, PipelineResult } from './request'
import { sdText, sdxlText, type TextConditioning } from './sdText'
import { decodeLatent, encodeImage, type LatentScaling } from './vae'

/** SD 1.x/2.x and Turbo's latent scale (model-packs.md); SDXL's VAE has its own (its vae/config.json, scaling_factor). */
const latentScaling: Record<'sd' | 'sdxl', LatentScaling> = { sd: { scale: 0.18215, shift: 0 }, sdxl: { scale: 0.13025, shift: 0 } }
const LATENT_CHANNELS = 4
/** An inpainting UNet's sample: latent, mask, masked-image latent (model-packs.md). */
const INPAINT_UNET_CHANNELS = 2 * LATENT_CHANNELS + 1

/**
 * Stable Diffusion and SDXL in the Optimum layout, ε- or v-prediction (the pack's scheduler config) with an Euler,
 * DDIM or LCM sampler. Image-to-image starts at step `N − int(N·strength)` from the image noised to that level
 * (diffusers' img2img). Inpainting feeds a 9-channel UNet the mask and the masked image's latent; a plain UNet
 * inpaints by putting the unmasked latent back on the image's own noised path after every step. Guidance is
 * classifier-free (Ho & Salimans 2022): `ε_u + g·(ε_c − ε_u)` for g > 1, as diffusers applies it; an LCM-distilled
 * UNet (`timestep_cond`) takes it as an embedding instead, and samples with LCM.
 */
export async function stableDiffusionPipeline(graphs: PackGraphs, request: PipelineRequest, context: StepContext): Promise<PipelineResult> {
  const { width, height, steps, guidance } = request
  const [h, w] = [height / VAE_FACTOR, width / VAE_FACTOR]
  const inpaintUnet = Number((await graphs.input('unet', 'sample')).shape[1]) === INPAINT_UNET_CHANNELS
  if (inpaintUnet && !(request.image && request.mask)) {
    throw new AppError('api.badInput', `The ${graphs.manifest.id} pack is an inpainting model: it needs an image and a mask.`)
  }
  const xl = graphs.manifest.family === 'sdxl'
  const scaling = latentScaling[xl ? 'sdxl' : 'sd']
  const encodePrompt = (prompt: string, negative: boolean) => (xl ? sdxlText(graphs, prompt, width, height, negative) : sdText(graphs, prompt))
  const prediction = await packPrediction(graphs)
  const lcmCondition = await lcmGuidance(graphs, guidance)
  const conditional = await encodePrompt(request.prompt, false)
  const unconditional = guidance > 1 && !lcmCondition ? await encodePrompt(request.negativePrompt, true) : undefined

  const size = LATENT_CHANNELS * h * w
  const noise = gaussianNoise(request.seed, size)
  const clean = request.image ? await encodeImage(graphs, request.image, width, height, LATENT_CHANNELS, scaling) : undefined
  const mask = request.mask && clean ? latentMask(request.mask, width, height) : undefined
  const scheduler = sdScheduler(lcmCondition ? 'lcm' : (request.scheduler ?? 'euler'), steps)
  const start = clean && !inpaintUnet ? sdEditStartStep(steps, request.strength) : 0
  if (request.image && start === steps) return finishResult(graphs, request.image.slice(), request, clean!, [LATENT_CHANNELS, h, w], 0)
  const conditioning = inpaintUnet ? await inpaintConditioning(graphs, request, mask!, scaling) : undefined

  const unet = async (x: Float32Array, i: number, text: TextConditioning) => {
    const input = scheduler.scaleInput(x, i)
    const sample = conditioning ? concat(input, conditioning) : input
    const { out_sample: output } = await graphs.run('unet', {
      sample: { dims: [1, sample.length / (h * w), h, w], data: sample },
      timestep: { dims: [1], data: [scheduler.timesteps[i]!] },
      encoder_hidden_states: text.hidden,
      ...text.extra,
      ...(lcmCondition ? { timestep_cond: lcmCondition } : {}),
    })
    return asEpsilon(prediction, output!.data, input, scheduler.alphaBar(i))
  }
  let x = scheduler.noised(clean && !inpaintUnet ? clean : new Float32Array(size), noise, start)
  for (let i = start; i < steps; i++) {
    await context.checkpoint()
    const cond = await unet(x, i, conditional)
    const epsilon = unconditional ? guided(cond, await unet(x, i, unconditional), guidance) : cond
    x = scheduler.step(x, epsilon, i, () => gaussianNoise(request.seed, size, i + 1))
    if (mask && !inpaintUnet) x = blendInside(x, scheduler.noised(clean!, noise, i + 1), mask)
    context.progress((i - start + 1) / (steps - start), `step ${i - start + 1}/${steps - start}`)
  }
  const rgba = await decodeLatent(graphs, x, width, height, LATENT_CHANNELS, scaling)
  return finishResult(graphs, rgba, request, x, [LATENT_CHANNELS, h, w], steps - start)
}

/** An LCM UNet's `timestep_cond`, its width read from the graph (diffusers: unet.config.time_cond_proj_dim). */
async function lcmGuidance(graphs: PackGraphs, guidance: number): Promise<Feed | undefined> {
  const slot = await graphs.optionalInput('unet', 'timestep_cond')
  if (!slot) return undefined
  const dim = slot.shape[1]
  if (typeof dim !== 'number') throw new AppError('pack.badGraph', `The unet's timestep_cond has no fixed width (${String(dim)}).`, { component: 'unet', tensor: 'timestep_cond' })
  return { dims: [1, dim], data: guidanceEmbedding(guidance, dim) }
}

function guided(conditional: Float32Array, unconditional: Float32Array, guidance: number): Float32Array {
  return unconditional.map((u, j) => u + guidance * (conditional[j]! - u))
}

/** The extra channels of an inpainting UNet: the latent-sized mask, then the latent of the image with the hole blanked (diffusers' inpaint pipeline). */
async function inpaintConditioning(graphs: PackGraphs, request: PipelineRequest, mask: Float32Array, scaling: LatentScaling): Promise<Float32Array> {
  const masked = request.image!.slice()
  for (let i = 0; i < request.mask!.length; i++) {
    // Mid grey: about 0 in the VAE's [-1, 1] range.
    if (request.mask![i]! >= 128) masked.fill(128, i * 4, i * 4 + 3)
  }
  const maskedLatent = await encodeImage(graphs, masked, request.width, request.height, LATENT_CHANNELS, scaling)
  return concat(mask, maskedLatent)
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const joined = new Float32Array(a.length + b.length)
  joined.set(a)
  joined.set(b, a.length)
  return joined
}
