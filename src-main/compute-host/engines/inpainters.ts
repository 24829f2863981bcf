import { resolve } from 'node:path'
import type { InferenceSession } from 'onnxruntime-node'
import sharp from 'sharp'
import { binaryMask } from './contentAwareFill/masks'
import { ort } from '../inference/ort'
import type { TaskContext } from '../taskContext'

export interface InpainterRequest {
  packDir: string
  family: 'lama' | 'migan'
  width: number
  height: number
  /** Straight RGBA of the crop around the hole. */
  rgba: Uint8Array
  /** One byte a pixel, ≥ 128 = hole. */
  mask: Uint8Array
  /** Grow the hole by this many pixels first, as content-aware fill does (catches an object's halo). Default 0. */
  grow?: number
}

/** LaMa's fixed input size (model-packs.md, "Object-removal models"). */
const LAMA_SIZE = 512

/**
 * Fills the hole with a learned inpainter, in the public layouts of model-packs.md: LaMa at a fixed 512
 * (scaled in, run, scaled back), MI-GAN at any size. Answers the crop's RGBA with only the hole replaced.
 */
export async function inpaintWithPack(request: InpainterRequest, context: TaskContext): Promise<{ rgba: Uint8Array }> {
  const { width, height, rgba } = request
  const hole = binaryMask(request.mask, width, height, request.grow)
  const { loaded } = await context.packs.component(resolve(request.packDir), 'inpainter')
  await context.checkpoint()
  const filled = request.family === 'lama' ? await runLama(loaded.session, rgba, hole, width, height) : await runMigan(loaded.session, rgba, hole, width, height)
  context.progress(1)
  const out = Uint8Array.from(rgba)
  for (let i = 0; i < width * height; i++) {
    if (!hole[i]) continue
    out.set(filled.subarray(i * 3, i * 3 + 3), i * 4)
    out[i * 4 + 3] = 255
  }
  return { rgba: out }
}

/** `hole` is 1 where to fill. LaMa: `image` f32 [1,3,512,512] in 0..1 and `mask` f32 [1,1,512,512] with 1 = hole → `output` in 0..255. */
async function runLama(session: InferenceSession, rgba: Uint8Array, hole: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const image = await sharp(rgba, { raw: { width, height, channels: 4 } }).removeAlpha().resize(LAMA_SIZE, LAMA_SIZE, { fit: 'fill' }).raw().toBuffer()
  const scaled = await sharp(hole, { raw: { width, height, channels: 1 } }).resize(LAMA_SIZE, LAMA_SIZE, { fit: 'fill', kernel: 'nearest' }).extractChannel(0).raw().toBuffer()
  const plane = LAMA_SIZE * LAMA_SIZE
  const imageTensor = new Float32Array(3 * plane)
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) imageTensor[c * plane + i] = image[i * 3 + c]! / 255
  const maskTensor = Float32Array.from(scaled)
  const { output } = await session.run({
    image: new ort.Tensor('float32', imageTensor, [1, 3, LAMA_SIZE, LAMA_SIZE]),
    mask: new ort.Tensor('float32', maskTensor, [1, 1, LAMA_SIZE, LAMA_SIZE]),
  })
  const values = output!.data as Float32Array
  const interleaved = new Uint8Array(3 * plane)
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) interleaved[i * 3 + c] = Math.round(Math.min(255, Math.max(0, values[c * plane + i]!)))
  return sharp(interleaved, { raw: { width: LAMA_SIZE, height: LAMA_SIZE, channels: 3 } }).resize(width, height, { fit: 'fill' }).raw().toBuffer()
}

/** `hole` is 1 where to fill. MI-GAN: `image` uint8 [1,3,H,W] and `mask` uint8 [1,1,H,W] with 255 = keep → `result` uint8 [1,3,H,W]. */
async function runMigan(session: InferenceSession, rgba: Uint8Array, hole: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const plane = width * height
  const image = new Uint8Array(3 * plane)
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) image[c * plane + i] = rgba[i * 4 + c]!
  const keep = Uint8Array.from(hole, (h) => (h ? 0 : 255))
  const { result } = await session.run({
    image: new ort.Tensor('uint8', image, [1, 3, height, width]),
    mask: new ort.Tensor('uint8', keep, [1, 1, height, width]),
  })
  const values = result!.data as Uint8Array
  const interleaved = new Uint8Array(3 * plane)
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) interleaved[i * 3 + c] = values[c * plane + i]!
  return interleaved
}
