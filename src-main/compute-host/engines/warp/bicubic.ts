import { AppError } from '../../../../src-shared/contract'
import { rowDisplacement, type WarpField } from '../../../../src-shared/warp'
import { wasmBase64 } from './bicubicKernel.wasm'

/**
 * Read positions are rounded to 1/SUBPIXELS of a pixel and Keys' weights tabulated there as integers scaled by
 * 2^WEIGHT_BITS, as libvips (sharp's resampler) does at 1/64 pixel and 12 bits (include/vips/interpolate.h): a
 * table look-up and integer sums instead of a cubic per tap. At 1/256 pixel the position moves by at most 1/512.
 * 11 bits is the most that keeps the 16-tap sum inside int32: |Σ| ≤ 255 · 1.125 · 2^11 across (the kernel's
 * positive weights sum to at most 1.125) · 1.25 · 2^11 down < 2^31.
 */
const SUBPIXEL_BITS = 8
const SUBPIXELS = 1 << SUBPIXEL_BITS
const WEIGHT_BITS = 11

/**
 * Keys' weights (Keys 1981, "Cubic convolution interpolation for digital image processing", a = −0.5; the
 * Catmull-Rom spline) for the taps at −1, 0, 1, 2 at sub-pixel position `step`, rounded to sum to exactly
 * 2^WEIGHT_BITS, so flat areas stay flat; position 0 is (0, 2^WEIGHT_BITS, 0, 0).
 */
function keysWeights(step: number): number[] {
  const scale = 1 << WEIGHT_BITS
  const f = step / SUBPIXELS
  const f2 = f * f
  const f3 = f2 * f
  const weights = [(-f3 + 2 * f2 - f) / 2, (3 * f3 - 5 * f2 + 2) / 2, (-3 * f3 + 4 * f2 + f) / 2, (f3 - f2) / 2].map((w) => Math.round(w * scale))
  // The rounding's remainder goes to the nearer centre tap, the largest weight.
  weights[f < 0.5 ? 1 : 2]! += scale - weights.reduce((sum, w) => sum + w, 0)
  return weights
}

/** Keys' weights as the kernel reads them: across, 32 bytes a step; down, 64 bytes a step (assembly/bicubicKernel.ts). */
const WEIGHT_TABLE_BYTES = SUBPIXELS * (32 + 64)
const WASM_PAGE = 1 << 16
/** wasm32 addresses 4 GiB. */
const WASM_MAX_PAGES = 1 << 16

/**
 * The WebAssembly memory the kernel works in, shared by the threads of one apply, and the byte offsets of its
 * parts: the weight table, per thread the shifts of one row (two f64 a pixel of the layer's width), the source
 * and the output (straight RGBA, one little-endian 32-bit word a pixel).
 */
export interface ResamplingMemory {
  memory: WebAssembly.Memory
  width: number
  height: number
  weights: number
  shifts: number
  source: number
  out: number
}

export function resamplingMemory(width: number, height: number, threads: number): ResamplingMemory {
  const weights = 0
  const shifts = weights + WEIGHT_TABLE_BYTES
  const source = shifts + threads * width * 16
  const out = source + width * height * 4
  const pages = Math.ceil((out + width * height * 4) / WASM_PAGE)
  if (pages > WASM_MAX_PAGES)
    throw new AppError('api.tooLarge', `A ${width}×${height} layer is too large to warp: its source and result take more than the 4 GiB WebAssembly can address.`)
  // Shared memory needs a maximum; it never grows.
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true })
  const across = new Int16Array(memory.buffer, weights, SUBPIXELS * 16)
  const down = new Int32Array(memory.buffer, weights + SUBPIXELS * 32, SUBPIXELS * 16)
  for (let step = 0; step < SUBPIXELS; step++) {
    const taps = keysWeights(step)
    for (let lane = 0; lane < 4; lane++) {
      across.set(taps.slice(0, 2), step * 16 + lane * 2)
      across.set(taps.slice(2), step * 16 + 8 + lane * 2)
    }
    taps.forEach((w, j) => down.fill(w, step * 16 + j * 4, step * 16 + j * 4 + 4))
  }
  return { memory, width, height, weights, shifts, source, out }
}

/** Views of the layer-sized parts of `memory`, bytes from `offset` (its source or out). */
export const layerBytes = ({ memory, width, height }: ResamplingMemory, offset: number) => new Uint8Array(memory.buffer, offset, width * height * 4)

type RowKernel = (source: number, width: number, height: number, areaX: number, areaWidth: number, y: number, shiftX: number, shiftY: number, out: number, weights: number, premultiplied: number) => void

/** Compiled once per thread. */
let kernelModule: WebAssembly.Module | undefined

/**
 * A resampler of `memory`'s source through the field into its output, by bicubic interpolation with Keys' kernel,
 * using row scratch `thread` of `memory`. Each call writes output rows [top, bottom) whole: pixels the field does
 * not move, and rows and columns outside its area, are copied. The kernel interpolates, so a pixel that lands on
 * a whole-pixel position keeps its exact value. Taps beyond the layer's edge repeat the edge. Where any tap is not
 * opaque the taps are blended with premultiplied alpha, so the colour of invisible pixels never bleeds into
 * visible ones; elsewhere alpha stays 255 and is not interpolated. The per-pixel work is WebAssembly SIMD
 * (assembly/bicubicKernel.ts), 2.4× the speed of the same integer arithmetic in JS.
 *
 * Whether an output row may read a transparent pixel is decided per row, from which source rows the field can
 * reach (see verticalReach); a source row's opacity is found the first time a row needs it and kept in
 * `rowOpacity` (per source row: 0 not looked at yet, 1 opaque, 2 with some transparency), which the threads of
 * one job share so that each row is looked at about once. Two threads that look at the same row write the same.
 */
export function bicubicResampler(memory: ResamplingMemory, field: WarpField, rowOpacity: Uint8Array = new Uint8Array(memory.height), thread = 0) {
  const { width, height } = memory
  const { area } = field
  kernelModule ??= new WebAssembly.Module(Buffer.from(wasmBase64, 'base64'))
  const kernel = new WebAssembly.Instance(kernelModule, { env: { memory: memory.memory } }).exports as { resampleRow: RowKernel }
  const source = new Uint32Array(memory.memory.buffer, memory.source, width * height)
  const out = new Uint32Array(memory.memory.buffer, memory.out, width * height)
  const shiftXAt = memory.shifts + thread * width * 16
  const shiftYAt = shiftXAt + width * 8
  const shiftX = new Float64Array(memory.memory.buffer, shiftXAt, area.width)
  const shiftY = new Float64Array(memory.memory.buffer, shiftYAt, area.width)
  const reach = verticalReach(field)
  const opaqueRow = (row: number) => {
    if (rowOpacity[row] === 0) {
      let all = -1
      for (let i = row * width, end = i + width; i < end; i++) all &= source[i]!
      rowOpacity[row] = all >>> 24 === 255 ? 1 : 2
    }
    return rowOpacity[row] === 1
  }
  const readsOnlyOpaque = (y: number) => {
    for (let row = Math.max(0, y - reach - 1), last = Math.min(height - 1, y + reach + 2); row <= last; row++) if (!opaqueRow(row)) return false
    return true
  }

  return (top: number, bottom: number): void => {
    for (let y = top; y < bottom; y++) {
      const rowStart = y * width
      if (y < area.y || y >= area.y + area.height) {
        out.set(source.subarray(rowStart, rowStart + width), rowStart)
        continue
      }
      out.set(source.subarray(rowStart, rowStart + area.x), rowStart)
      out.set(source.subarray(rowStart + area.x + area.width, rowStart + width), rowStart + area.x + area.width)
      rowDisplacement(field, y, shiftX, shiftY)
      kernel.resampleRow(memory.source, width, height, area.x, area.width, y, shiftXAt, shiftYAt, memory.out, memory.weights, readsOnlyOpaque(y) ? 0 : 1)
    }
  }
}

/**
 * How far up or down the field reads, in whole rows: the largest vertical shift of any node or sub-node. The
 * shift between nodes is a blend of theirs and the region's weight only shortens it.
 */
export function verticalReach({ dy, fine }: WarpField): number {
  let reach = 0
  for (let k = 0; k < dy.length; k++) reach = Math.max(reach, Math.abs(dy[k]!))
  for (let k = 1; k < fine.length; k += 2) reach = Math.max(reach, Math.abs(fine[k]!))
  return Math.ceil(reach)
}
