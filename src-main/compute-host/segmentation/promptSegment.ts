import { resolve } from 'node:path'
import sharp from 'sharp'
import { AppError } from '../../../src-shared/contract'
import { ort, type Tensor } from '../inference/ort'
import type { PackSessions } from '../inference/packs'
import type { TaskContext } from '../taskContext'

/** SAM's encoder frame: the image resized so its longest side is 1024 (segment-anything `ResizeLongestSide`). */
const ENCODER_SIDE = 1024
/** SAM's low-resolution mask, fed back as mask_input: 256², a quarter of the padded 1024² frame. */
const LOW_RES = 256
/** Image embeddings kept: about 4 MB each; enough for the layers a user clicks between. */
const KEEP = 8

interface Encoded {
  embeddings: Tensor
  /** The previous decode's low-resolution logits, for `useLastMask`. */
  lastLowRes?: Float32Array
}

/** Keyed by pack folder and image content (main hashes the layer's tiles): the order of insertion is the LRU order. */
const encoded = new Map<string, Encoded>()
let encoderRuns = 0

export interface PromptRequest {
  packDir: string
  /** Names the image's content: the same key is the same pixels, whose embeddings may be reused. */
  imageKey: string
  width: number
  height: number
  /** In image pixels. */
  points: { x: number; y: number; positive: boolean }[]
  box?: { x: number; y: number; width: number; height: number }
  useLastMask: boolean
}

export interface PromptResult {
  mask: Uint8Array
  encoderRuns: number
  decoderMs: number
  encoderMs?: number
}

/** segment-anything `ResizeLongestSide.get_preprocess_shape`: the longest side to 1024, the other rounded. */
function encoderShape(width: number, height: number): { width: number; height: number } {
  const scale = ENCODER_SIDE / Math.max(width, height)
  return { width: Math.floor(width * scale + 0.5), height: Math.floor(height * scale + 0.5) }
}

/**
 * Click to segment with a SAM-family pack: the image encoder runs once per (pack, image) and its embeddings
 * stay here; each prompt then runs only the decoder. `readImage` (straight RGBA, width × height) is called only
 * when the embeddings are not here: a first click, or a restarted host.
 */
export async function promptSegment(request: PromptRequest, context: TaskContext, readImage: () => Promise<Uint8Array>): Promise<PromptResult> {
  const packDir = resolve(request.packDir)
  const key = `${packDir}\n${request.imageKey}`
  let entry = encoded.get(key)
  let encoderMs: number | undefined
  if (!entry) {
    const rgba = await readImage()
    const started = performance.now()
    entry = { embeddings: await encode(context.packs, packDir, rgba, request.width, request.height) }
    encoderMs = performance.now() - started
    context.progress(0.8, 'encoder')
    await context.checkpoint()
  }
  encoded.delete(key)
  encoded.set(key, entry)
  for (const old of [...encoded.keys()].slice(0, Math.max(0, encoded.size - KEEP))) encoded.delete(old)

  const started = performance.now()
  const { mask, lowRes } = await decode(context.packs, packDir, entry, request)
  entry.lastLowRes = lowRes
  context.progress(1)
  return { mask, encoderRuns, decoderMs: performance.now() - started, ...(encoderMs !== undefined ? { encoderMs } : {}) }
}

/** Acly/MobileSAM's encoder: `input_image` f32 [h, w, 3], RGB 0..255, longest side 1024; it normalises and pads itself. */
async function encode(packs: PackSessions, packDir: string, rgba: Uint8Array, width: number, height: number): Promise<Tensor> {
  const { loaded, binding } = await packs.component(packDir, 'image_encoder')
  const shape = encoderShape(width, height)
  const rgb = await sharp(rgba, { raw: { width, height, channels: 4 } })
    .flatten({ background: { r: 128, g: 128, b: 128 } })
    .resize(shape.width, shape.height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer()
  const input = new ort.Tensor('float32', Float32Array.from(rgb), [shape.height, shape.width, 3])
  const name = binding.outputs.image_embeddings!.name
  const outputs = await loaded.session.run({ [binding.inputs.input_image!.name]: input }, [name])
  encoderRuns++
  return outputs[name]!
}

/**
 * SAM's prompt decoder (segment-anything `SamOnnxModel`): points scaled into the encoder's frame, labels 1 and 0,
 * a box as two corners labelled 2 and 3, else one padding point labelled −1 (as SAM's ONNX example does); the mask
 * logits come back at `orig_im_size`, and > 0 is the object (SAM's mask_threshold).
 */
async function decode(packs: PackSessions, packDir: string, entry: Encoded, request: PromptRequest): Promise<{ mask: Uint8Array; lowRes: Float32Array }> {
  const { width, height, points, box } = request
  const { loaded, binding } = await packs.component(packDir, 'prompt_decoder')
  const shape = encoderShape(width, height)
  const sx = shape.width / width
  const sy = shape.height / height
  const coords: number[] = []
  const labels: number[] = []
  for (const point of points) {
    coords.push(point.x * sx, point.y * sy)
    labels.push(point.positive ? 1 : 0)
  }
  if (box) {
    coords.push(box.x * sx, box.y * sy, (box.x + box.width) * sx, (box.y + box.height) * sy)
    labels.push(2, 3)
  } else {
    coords.push(0, 0)
    labels.push(-1)
  }
  if (labels.length === 1 && !box) throw new AppError('segmentation.noPrompt', 'Click a point or drag a box to segment.')
  const maskInput = request.useLastMask && entry.lastLowRes ? entry.lastLowRes : new Float32Array(LOW_RES * LOW_RES)
  const name = (slot: string) => binding.inputs[slot]!.name
  const feeds = {
    [name('image_embeddings')]: entry.embeddings,
    [name('point_coords')]: new ort.Tensor('float32', Float32Array.from(coords), [1, labels.length, 2]),
    [name('point_labels')]: new ort.Tensor('float32', Float32Array.from(labels), [1, labels.length]),
    [name('mask_input')]: new ort.Tensor('float32', maskInput, [1, 1, LOW_RES, LOW_RES]),
    [name('has_mask_input')]: new ort.Tensor('float32', Float32Array.of(request.useLastMask && entry.lastLowRes ? 1 : 0), [1]),
    [name('orig_im_size')]: new ort.Tensor('float32', Float32Array.of(height, width), [2]),
  }
  const masksName = binding.outputs.masks!.name
  const lowName = binding.outputs.low_res_masks!.name
  const outputs = await loaded.session.run(feeds, [masksName, lowName])
  const logits = outputs[masksName]!.data as Float32Array
  if (logits.length < width * height) throw new AppError('pack.badGraph', `The prompt decoder answered ${logits.length} mask values for a ${width}×${height} image.`, { component: 'prompt_decoder' })
  // Multi-mask decoders answer several masks: the first is taken.
  const mask = new Uint8Array(width * height)
  for (let i = 0; i < mask.length; i++) mask[i] = logits[i]! > 0 ? 255 : 0
  return { mask, lowRes: Float32Array.from((outputs[lowName]!.data as Float32Array).subarray(0, LOW_RES * LOW_RES)) }
}
