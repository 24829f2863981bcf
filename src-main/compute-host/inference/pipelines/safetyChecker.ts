import type { PackGraphs } from './packGraphs'

/** CLIP ViT-L/14's input normalisation (Radford et al. 2021; the diffusers safety checker's feature extractor). */
const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
const CLIP_STD = [0.26862954, 0.26130258, 0.27577711]
const CLIP_SIZE = 224

/** Runs the pack's safety checker, when it has one, on a finished RGBA image: true when it flags the image. */
export async function safetyFlag(graphs: PackGraphs, rgba: Uint8Array, width: number, height: number): Promise<boolean> {
  if (!graphs.has('safety_checker')) return false
  const plane = CLIP_SIZE * CLIP_SIZE
  const clipInput = new Float32Array(3 * plane)
  for (let y = 0; y < CLIP_SIZE; y++) {
    for (let x = 0; x < CLIP_SIZE; x++) {
      const source = (Math.floor(((y + 0.5) * height) / CLIP_SIZE) * width + Math.floor(((x + 0.5) * width) / CLIP_SIZE)) * 4
      for (let c = 0; c < 3; c++) clipInput[c * plane + y * CLIP_SIZE + x] = (rgba[source + c]! / 255 - CLIP_MEAN[c]!) / CLIP_STD[c]!
    }
  }
  const { has_nsfw_concepts: flags } = await graphs.run('safety_checker', { clip_input: { dims: [1, 3, CLIP_SIZE, CLIP_SIZE], data: clipInput } })
  return flags!.data[0] !== 0
}
