/**
 * LCM's guidance condition (Luo et al. 2023, §4.2; diffusers LatentConsistencyModelPipeline): a distilled UNet takes
 * w = g − 1 (Imagen's guidance scale turned into LCM's) as the sinusoidal embedding of 1000·w, sines then
 * cosines over `dim/2` frequencies 10000^(−k/(dim/2 − 1)), a zero appended for an odd dim
 * (get_guidance_scale_embedding, after VDM). It replaces the unconditional pass.
 */
export function guidanceEmbedding(guidance: number, dim: number): Float32Array {
  const half = Math.floor(dim / 2)
  const scaled = (guidance - 1) * 1000
  const embedding = new Float32Array(dim)
  for (let k = 0; k < half; k++) {
    const angle = scaled * Math.exp((-Math.log(10000) * k) / (half - 1))
    embedding[k] = Math.sin(angle)
    embedding[half + k] = Math.cos(angle)
  }
  return embedding
}
