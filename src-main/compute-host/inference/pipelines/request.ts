import type { RuntimeSettings } from '../sessions'
import type { SdScheduler } from '../../../../src-shared/contract'

/** What every pipeline is asked: text-to-image without `image`, image-to-image with it, inpainting with `mask` too. */
export interface PipelineRequest {
  packDir: string
  prompt: string
  negativePrompt: string
  seed: number
  steps: number
  guidance: number
  /** Image-to-image and inpainting: 0 returns the image, 1 ignores it. */
  strength: number
  /** The working size, a multiple of the pack's size multiple. */
  width: number
  height: number
  /** Straight RGBA, width × height. */
  image?: Uint8Array
  /** One byte a pixel, width × height; 128 or more = repaint. */
  mask?: Uint8Array
  /** Flow-matching shift (Z-Image); the pack's default when absent. */
  shift?: number
  /** Stable Diffusion's sampler; Euler when absent. */
  scheduler?: SdScheduler
  runtime?: Partial<RuntimeSettings>
}

export interface PipelineResult {
  /** Straight RGBA, width × height, opaque. */
  rgba: Uint8Array
  width: number
  height: number
  /** The final latent [C, h, w] before decoding, for tests and previews. */
  latent: Float32Array
  latentDims: number[]
  /** The pack's safety checker flagged the image; false when the pack has none. */
  flagged: boolean
  /** Denoising steps actually run (fewer than `steps` for an edit under strength 1). */
  stepsRun: number
  /** Time inside `session.run`, all graphs together. */
  modelMs: number
  provider: string
}
