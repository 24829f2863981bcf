/** Conversions between RGBA pixels, the VAE's [-1, 1] NCHW images and latent-sized masks. */

/** VAE downsampling factor of every family here (model-packs.md: latents at 1/8 resolution). */
export const VAE_FACTOR = 8

/** Straight RGBA → [1, 3, H, W] in [-1, 1] (alpha dropped: the pipelines see colour only). */
export function rgbaToSample(rgba: Uint8Array, width: number, height: number): Float32Array {
  const plane = width * height
  const sample = new Float32Array(3 * plane)
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) sample[c * plane + i] = (rgba[i * 4 + c]! / 255) * 2 - 1
  return sample
}

/** [1, 3, H, W] in [-1, 1] → opaque RGBA, clamped and rounded. */
export function sampleToRgba(sample: Float32Array, width: number, height: number): Uint8Array {
  const plane = width * height
  const rgba = new Uint8Array(plane * 4)
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = Math.round(Math.min(1, Math.max(0, (sample[c * plane + i]! + 1) / 2)) * 255)
    rgba[i * 4 + 3] = 255
  }
  return rgba
}

/** A width × height byte mask at latent size by nearest sampling, 1 = repaint (model-packs.md, "Inpainting"). */
export function latentMask(mask: Uint8Array, width: number, height: number): Float32Array {
  const [w, h] = [width / VAE_FACTOR, height / VAE_FACTOR]
  const latent = new Float32Array(w * h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) latent[y * w + x] = mask[Math.floor((y * height) / h) * width + Math.floor((x * width) / w)]! >= 128 ? 1 : 0
  }
  return latent
}

/** `x ← (1 − m)·kept + m·x` over every channel of a [C, h, w] latent, m being [h, w]. */
export function blendInside(x: Float32Array, kept: Float32Array, mask: Float32Array): Float32Array {
  const plane = mask.length
  const blended = new Float32Array(x.length)
  for (let offset = 0; offset < x.length; offset += plane) {
    for (let i = 0; i < plane; i++) blended[offset + i] = (1 - mask[i]!) * kept[offset + i]! + mask[i]! * x[offset + i]!
  }
  return blended
}
