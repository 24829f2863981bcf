import { AppError } from '../../../../src-shared/contract'
import { rgbaToSample, sampleToRgba, VAE_FACTOR } from './latentImage'
import type { PackGraphs } from './packGraphs'

/** A family's latent normalisation: the encoder's output becomes `(z − shift)·scale`, the decoder gets `z/scale + shift`. */
export interface LatentScaling {
  scale: number
  shift: number
}

/**
 * RGBA → a normalised latent [C, h, w]. Optimum's encoders return mean and log-variance stacked on the channel
 * axis; the mean (the distribution's mode) is taken, so an edit depends only on its seed.
 */
export async function encodeImage(graphs: PackGraphs, rgba: Uint8Array, width: number, height: number, channels: number, scaling: LatentScaling): Promise<Float32Array> {
  if (!graphs.has('vae_encoder')) {
    throw new AppError('pack.missingFile', `The ${graphs.manifest.id} pack has no VAE encoder, so it cannot edit an image: only generate.`, {
      component: 'vae_encoder',
    })
  }
  const { latent_parameters: encoded } = await graphs.run('vae_encoder', { sample: { dims: [1, 3, height, width], data: rgbaToSample(rgba, width, height) } })
  const size = channels * (width / VAE_FACTOR) * (height / VAE_FACTOR)
  return encoded!.data.slice(0, size).map((z) => (z - scaling.shift) * scaling.scale)
}

export async function decodeLatent(graphs: PackGraphs, latent: Float32Array, width: number, height: number, channels: number, scaling: LatentScaling): Promise<Uint8Array> {
  const data = latent.map((z) => z / scaling.scale + scaling.shift)
  const { sample } = await graphs.run('vae_decoder', { latent_sample: { dims: [1, channels, height / VAE_FACTOR, width / VAE_FACTOR], data } })
  return sampleToRgba(sample!.data, width, height)
}
