/**
 * The flow-matching Euler scheduler of the Z-Image family (model-packs.md, "Scheduler"; diffusers
 * FlowMatchEulerDiscreteScheduler with shift 3 and no dynamic shifting).
 */

/** N shifted sigmas from 1 towards 1/N, then the terminal 0: `σ = shift·s / (1 + (shift − 1)·s)`, s = linspace(1, 1/N, N). */
export function flowMatchSigmas(steps: number, shift: number): number[] {
  const sigmas = Array.from({ length: steps }, (_, i) => {
    const s = steps === 1 ? 1 : 1 + ((1 / steps - 1) * i) / (steps - 1)
    return (shift * s) / (1 + (shift - 1) * s)
  })
  return [...sigmas, 0]
}

/** The rectified-flow path at noise level σ: `σ·noise + (1 − σ)·x0` (for σ = 0, x0 itself). */
export function flowMatchNoised(clean: Float32Array, noise: Float32Array, sigma: number): Float32Array {
  const noised = new Float32Array(clean.length)
  for (let i = 0; i < clean.length; i++) noised[i] = sigma * noise[i]! + (1 - sigma) * clean[i]!
  return noised
}
