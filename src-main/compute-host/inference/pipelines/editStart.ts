/**
 * The first step an edit of this strength runs, `int(N − N·strength)` (model-packs.md, "Image-to-image";
 * diffusers' img2img pipelines use the same rule): N means none, so strength 0 keeps the image.
 */
export function editStartStep(steps: number, strength: number): number {
  return Math.min(steps, Math.max(0, Math.trunc(steps - steps * strength)))
}
