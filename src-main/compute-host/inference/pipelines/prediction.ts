import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../../src-shared/contract'
import type { PackGraphs } from './packGraphs'

/** Where diffusers (and Optimum's export) keep a pipeline's scheduler settings, beside its component folders. */
export const SCHEDULER_CONFIG = 'scheduler/scheduler_config.json'

/** What a UNet predicts; SD 2.x 768 models predict v (model-packs.md). */
export type Prediction = 'epsilon' | 'v_prediction'
const predictions: readonly string[] = ['epsilon', 'v_prediction'] satisfies Prediction[]

/**
 * The pack's `prediction_type` from its scheduler config, epsilon when it has none (diffusers' default). Any other
 * value is refused: sampling a model under the wrong parameterisation draws noise without an error.
 */
export async function packPrediction(graphs: PackGraphs): Promise<Prediction> {
  let text: string
  try {
    text = await readFile(join(graphs.packDir, SCHEDULER_CONFIG), 'utf8')
  } catch {
    return 'epsilon'
  }
  let type: unknown
  try {
    type = JSON.parse(text).prediction_type ?? 'epsilon'
  } catch (error) {
    throw new AppError('pack.badManifest', `The ${graphs.manifest.id} pack's ${SCHEDULER_CONFIG} is not JSON: ${(error as Error).message}`, { path: SCHEDULER_CONFIG })
  }
  if (typeof type !== 'string' || !predictions.includes(type)) {
    throw new AppError('pack.badManifest', `The ${graphs.manifest.id} pack predicts "${String(type)}" (${SCHEDULER_CONFIG}); this app samples epsilon and v_prediction models.`, {
      path: SCHEDULER_CONFIG,
    })
  }
  return type as Prediction
}

/**
 * The UNet's output as ε, which every scheduler here steps with. For v = √ᾱ·ε − √(1 − ᾱ)·x0 at the UNet's input
 * x_t = √ᾱ·x0 + √(1 − ᾱ)·ε: ε = √(1 − ᾱ)·x_t + √ᾱ·v (Salimans & Ho 2022, "Progressive distillation for fast
 * sampling of diffusion models", §4). Linear in v, so guidance may be applied before or after.
 */
export function asEpsilon(prediction: Prediction, output: Float32Array, input: Float32Array, alphaBar: number): Float32Array {
  if (prediction === 'epsilon') return output
  const [a, b] = [Math.sqrt(alphaBar), Math.sqrt(1 - alphaBar)]
  return output.map((v, j) => b * input[j]! + a * v)
}
