import { resolve } from 'node:path'
import sharp from 'sharp'
import { readManifest } from '../../models/manifest'
import { ort } from '../inference/ort'
import { fromFloat16, toFloat16 } from '../inference/pipelines/float16'
import type { TaskContext } from '../taskContext'
import { refineAlpha } from './refineAlpha'

export interface SubjectRequest {
  packDir: string
  width: number
  height: number
  /** Straight RGBA of the image to cut the subject out of. */
  rgba: Uint8Array
  /** Also answer the model's own alpha at its size (the bench's baseline). */
  withModelAlpha?: boolean
}

export interface SubjectResult {
  /** One byte a pixel at the image's size, 255 = subject: a soft selection. */
  alpha: Uint8Array
  modelAlpha?: { width: number; height: number; alpha: Uint8Array }
  /** session.run's own time, and the refinement's. */
  modelMs: number
  refineMs: number
}

/** Both families' graphs run on a 1024² square (model-packs.md). */
const MODEL_SIZE = 1024

/**
 * Per-channel (scale, offset) taking a byte to the model's input, and whether the output is logits: ISNet
 * (@imgly's export) takes (x − 128)/256 and answers alpha in 0..1; BiRefNet takes ImageNet-normalised RGB
 * (preprocessor_config.json: x/255, mean 0.485/0.456/0.406, std 0.229/0.224/0.225) and answers logits.
 */
function normalisation(variant: string): { scale: number[]; offset: number[]; logits: boolean } {
  if (variant === 'birefnet') {
    const mean = [0.485, 0.456, 0.406]
    const std = [0.229, 0.224, 0.225]
    return { scale: std.map((s) => 1 / (255 * s)), offset: mean.map((m, c) => -m / std[c]!), logits: true }
  }
  return { scale: [1 / 256, 1 / 256, 1 / 256], offset: [-0.5, -0.5, -0.5], logits: false }
}

/**
 * Select subject: the salient pack runs at its own 1024² (the image stretched to it, as ISNet and BiRefNet were
 * trained), and its alpha comes back to the image's size through the colour guided filter on the photo
 * (refineAlpha.ts), so edges follow the photo at full resolution instead of a 1024² grid.
 */
export async function selectSubject(request: SubjectRequest, context: TaskContext): Promise<SubjectResult> {
  const packDir = resolve(request.packDir)
  const { variant } = await readManifest(packDir)
  const { loaded, binding } = await context.packs.component(packDir, 'segmenter')
  await context.checkpoint()
  const { width, height, rgba } = request
  // Transparent pixels are seen over mid grey, which both normalisations take to about zero.
  const square = await sharp(rgba, { raw: { width, height, channels: 4 } })
    .flatten({ background: { r: 128, g: 128, b: 128 } })
    .resize(MODEL_SIZE, MODEL_SIZE, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer()
  const { scale, offset, logits } = normalisation(variant)
  const plane = MODEL_SIZE * MODEL_SIZE
  const input = new Float32Array(3 * plane)
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) input[c * plane + i] = square[i * 3 + c]! * scale[c]! + offset[c]!
  const inputSlot = binding.inputs.input!
  const feed = inputSlot.type === 'float16' ? new ort.Tensor('float16', toFloat16(input), [1, 3, MODEL_SIZE, MODEL_SIZE]) : new ort.Tensor('float32', input, [1, 3, MODEL_SIZE, MODEL_SIZE])
  const outputName = binding.outputs.output!.name
  const started = performance.now()
  const results = await loaded.session.run({ [inputSlot.name]: feed }, [outputName])
  const modelMs = performance.now() - started
  const raw = results[outputName]!
  const values = raw.type === 'float16' ? fromFloat16(raw.data as Uint16Array) : (raw.data as Float32Array)
  const alpha = new Float32Array(plane)
  for (let i = 0; i < plane; i++) alpha[i] = logits ? 1 / (1 + Math.exp(-values[i]!)) : Math.min(1, Math.max(0, values[i]!))
  context.progress(0.6, 'model')
  await context.checkpoint()
  const refineStarted = performance.now()
  const refined = await refineAlpha({ width: MODEL_SIZE, height: MODEL_SIZE, alpha }, rgba, width, height, context)
  const refineMs = performance.now() - refineStarted
  context.progress(1)
  return {
    alpha: refined,
    modelMs,
    refineMs,
    ...(request.withModelAlpha ? { modelAlpha: { width: MODEL_SIZE, height: MODEL_SIZE, alpha: Uint8Array.from(alpha, (a) => Math.round(a * 255)) } } : {}),
  }
}
