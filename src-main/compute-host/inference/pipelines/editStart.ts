/**
 * The first step a flow-matching edit of this strength runs, `int(N − N·strength)` (model-packs.md,
 * "Image-to-image"; diffusers' Z-Image, Flux and SD3 img2img `get_timesteps`): N means none, so strength 0 keeps
 * the image.
 */
export function editStartStep(steps: number, strength: number): number {
  return Math.min(steps, Math.max(0, Math.trunc(steps - steps * strength)))
}

/**
 * Stable Diffusion's first step, `N − int(N·strength)` (diffusers StableDiffusionImg2ImgPipeline.get_timesteps):
 * the step count is floored before it is subtracted, so N = 10 at strength 0.55 starts at step 5, not 4.
 */
export function sdEditStartStep(steps: number, strength: number): number {
  return steps - Math.min(steps, Math.max(0, Math.floor(steps * strength)))
}
