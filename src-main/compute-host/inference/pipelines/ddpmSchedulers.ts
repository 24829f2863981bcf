/**
 * Stable Diffusion's discrete schedulers over its 1000-step scaled-linear training schedule (Rombach et al.
 * 2022; diffusers EulerDiscreteScheduler, DDIMScheduler, LCMScheduler). Each step turns the UNet's ε into
 * the next latent; `noised` puts a clean latent at a step's noise level, for image-to-image starts and the
 * inpainting blend.
 */

import { AppError, type SdScheduler } from '../../../../src-shared/contract'

export const TRAIN_STEPS = 1000

/** ᾱ_t for β evenly spaced in √β from 0.00085 to 0.012 ("scaled_linear"). */
export function scaledLinearAlphaBars(): Float64Array {
  const [start, end] = [Math.sqrt(0.00085), Math.sqrt(0.012)]
  const bars = new Float64Array(TRAIN_STEPS)
  let product = 1
  for (let t = 0; t < TRAIN_STEPS; t++) {
    product *= 1 - (start + ((end - start) * t) / (TRAIN_STEPS - 1)) ** 2
    bars[t] = product
  }
  return bars
}

/**
 * "Trailing" spacing: the first step is always the last training step, which few-step models (SD-Turbo, LCM)
 * need and which fixes the flawed "leading" spacing (Lin et al. 2023, "Common Diffusion Noise Schedules and
 * Sample Steps are Flawed", §3.3).
 */
export function trailingTimesteps(steps: number): number[] {
  return Array.from({ length: steps }, (_, i) => Math.round(TRAIN_STEPS - (i * TRAIN_STEPS) / steps) - 1)
}

/** LCM's distillation grid: 50 of the 1000 training steps, every k = 20th (diffusers LCMScheduler, original_inference_steps). */
const LCM_ORIGINAL_STEPS = 50

/**
 * LCM's schedule (Luo et al. 2023; diffusers LCMScheduler.set_timesteps): the distillation timesteps
 * `k·j − 1`, j = 50…1, taken at the evenly spaced indices ⌊i·50/N⌋: 4 steps are 999, 759, 499, 259. An LCM UNet
 * was distilled on that grid only.
 */
export function lcmTimesteps(steps: number): number[] {
  if (steps > LCM_ORIGINAL_STEPS) throw new AppError('api.badInput', `LCM samples at most ${LCM_ORIGINAL_STEPS} steps, not ${steps}.`, { steps })
  const k = TRAIN_STEPS / LCM_ORIGINAL_STEPS
  return Array.from({ length: steps }, (_, i) => (LCM_ORIGINAL_STEPS - Math.floor((i * LCM_ORIGINAL_STEPS) / steps)) * k - 1)
}

export interface DiffusionScheduler {
  /** The UNet's timestep at each step. */
  timesteps: number[]
  /** ᾱ at step i's timestep: the UNet's input is √ᾱ·x0 + √(1 − ᾱ)·ε there. */
  alphaBar(step: number): number
  /** The latent as the UNet takes it at step i. */
  scaleInput(x: Float32Array, step: number): Float32Array
  /** The latent after step i, from the UNet's ε; `freshNoise` draws new noise for stochastic samplers. */
  step(x: Float32Array, epsilon: Float32Array, step: number, freshNoise: () => Float32Array): Float32Array
  /** `clean` at the noise level before step i; i = N gives `clean` itself. */
  noised(clean: Float32Array, noise: Float32Array, step: number): Float32Array
}

export function sdScheduler(name: SdScheduler, steps: number): DiffusionScheduler {
  const timesteps = name === 'lcm' ? lcmTimesteps(steps) : trailingTimesteps(steps)
  const bars = scaledLinearAlphaBars()
  const scheduler = name === 'euler' ? euler(timesteps, bars) : ddpmStyle(name, timesteps, bars)
  return { ...scheduler, timesteps, alphaBar: (i) => bars[timesteps[i]!]! }
}

/**
 * Euler in σ-space (Karras et al. 2022, Algorithm 1): x = x0 + σ·ε with σ = √((1 − ᾱ)/ᾱ); the UNet sees
 * x/√(σ² + 1), and dx/dσ = ε, so a step is `x + (σ_next − σ)·ε`.
 */
function euler(timesteps: number[], bars: Float64Array): Omit<DiffusionScheduler, 'timesteps' | 'alphaBar'> {
  const sigmas = [...timesteps.map((t) => Math.sqrt((1 - bars[t]!) / bars[t]!)), 0]
  return {
    scaleInput: (x, i) => x.map((v) => v / Math.sqrt(sigmas[i]! ** 2 + 1)),
    step: (x, epsilon, i) => x.map((v, j) => v + (sigmas[i + 1]! - sigmas[i]!) * epsilon[j]!),
    noised: (clean, noise, i) => clean.map((v, j) => v + sigmas[i]! * noise[j]!),
  }
}

/**
 * DDIM with η = 0 (Song et al. 2021, eq. 12) and LCM's multistep sampling (Luo et al. 2023, Algorithm 3),
 * both in the DDPM scale x_t = √ᾱ·x0 + √(1 − ᾱ)·ε. The step after the last has ᾱ = 1 ("set_alpha_to_one"),
 * so sampling ends on the predicted clean latent.
 */
function ddpmStyle(name: 'ddim' | 'lcm', timesteps: number[], bars: Float64Array): Omit<DiffusionScheduler, 'timesteps' | 'alphaBar'> {
  const alpha = [...timesteps.map((t) => bars[t]!), 1]
  const predictClean = (x: Float32Array, epsilon: Float32Array, i: number) =>
    x.map((v, j) => (v - Math.sqrt(1 - alpha[i]!) * epsilon[j]!) / Math.sqrt(alpha[i]!))
  const noised = (clean: Float32Array, noise: Float32Array, i: number) =>
    clean.map((v, j) => Math.sqrt(alpha[i]!) * v + Math.sqrt(1 - alpha[i]!) * noise[j]!)
  return {
    scaleInput: (x) => x,
    noised,
    step: (x, epsilon, i, freshNoise) => {
      const clean = predictClean(x, epsilon, i)
      if (name === 'ddim') return clean.map((v, j) => Math.sqrt(alpha[i + 1]!) * v + Math.sqrt(1 - alpha[i + 1]!) * epsilon[j]!)
      const { skip, out } = lcmBoundary(timesteps[i]!)
      const denoised = clean.map((v, j) => skip * x[j]! + out * v)
      return i + 1 < timesteps.length ? noised(denoised, freshNoise(), i + 1) : denoised
    },
  }
}

/** LCM's consistency boundary condition (Song et al. 2023, eq. 7; diffusers: σ_data 0.5, timestep scaling 10). */
function lcmBoundary(timestep: number): { skip: number; out: number } {
  const scaled = timestep * 10
  const sigmaData = 0.5
  return { skip: sigmaData ** 2 / (scaled ** 2 + sigmaData ** 2), out: scaled / Math.sqrt(scaled ** 2 + sigmaData ** 2) }
}
