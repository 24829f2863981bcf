import sharp from 'sharp'
import type { StepContext } from '../taskContext'
import { applyCoefficients, guidedCoefficients, type Planes } from './guidedFilter'

/** The longest side the coefficients are solved at: about the model's own 1024, where its alpha has detail. */
const GRID_SIDE = 1024
/**
 * Window radius and ε on colours in 0..1 (He et al. 2013, §3.3: r sets the reach, ε how strong an edge must be
 * to be kept). r 8 on a 1024 grid spans the model's soft edge (scaled with a smaller grid); ε 1e-4 (a 0.01 colour
 * step) keeps fine hair edges. Chosen on the bench's 24 MP composite.
 */
export const GUIDED_RADIUS = 8
export const GUIDED_EPS = 1e-4
/** Rows between checkpoints at full resolution. */
const ROWS = 256

/**
 * The model's alpha (any size, e.g. its stretched 1024²) brought to the photo's size: the guide and the alpha are
 * resampled to a grid of the photo's aspect, the guided filter's coefficients solved there, and applied to the
 * photo at full resolution (fast guided filter, He and Sun 2015).
 */
export async function refineAlpha(model: { width: number; height: number; alpha: Float32Array }, rgba: Uint8Array, width: number, height: number, context: StepContext): Promise<Uint8Array> {
  const factor = Math.max(1, Math.max(width, height) / GRID_SIDE)
  const gridWidth = Math.max(1, Math.round(width / factor))
  const gridHeight = Math.max(1, Math.round(height / factor))
  const guidePixels = await sharp(rgba, { raw: { width, height, channels: 4 } }).removeAlpha().resize(gridWidth, gridHeight, { fit: 'fill', kernel: 'linear' }).raw().toBuffer()
  const n = gridWidth * gridHeight
  const guide: Planes = { width: gridWidth, height: gridHeight, data: [0, 1, 2].map((c) => Float32Array.from({ length: n }, (_, i) => guidePixels[i * 3 + c]! / 255)) }
  const input = resampleBilinear(model.alpha, model.width, model.height, gridWidth, gridHeight)
  const radius = Math.max(2, Math.round((GUIDED_RADIUS * Math.max(gridWidth, gridHeight)) / GRID_SIDE))
  const coefficients = guidedCoefficients(guide, input, radius, GUIDED_EPS)
  await context.checkpoint()
  const out = new Uint8Array(width * height)
  for (let top = 0; top < height; top += ROWS) {
    applyCoefficients(coefficients, rgba, width, height, out, top, Math.min(height, top + ROWS))
    context.progress(0.6 + (0.4 * Math.min(height, top + ROWS)) / height)
    await context.checkpoint()
  }
  return out
}

/** Bilinear resampling of one float plane, pixel centres aligned. */
export function resampleBilinear(source: Float32Array, width: number, height: number, toWidth: number, toHeight: number): Float32Array {
  const out = new Float32Array(toWidth * toHeight)
  for (let y = 0; y < toHeight; y++) {
    const fy = Math.min(height - 1, Math.max(0, ((y + 0.5) * height) / toHeight - 0.5))
    const y0 = Math.floor(fy)
    const y1 = Math.min(height - 1, y0 + 1)
    const wy = fy - y0
    for (let x = 0; x < toWidth; x++) {
      const fx = Math.min(width - 1, Math.max(0, ((x + 0.5) * width) / toWidth - 0.5))
      const x0 = Math.floor(fx)
      const x1 = Math.min(width - 1, x0 + 1)
      const wx = fx - x0
      const top = source[y0 * width + x0]! * (1 - wx) + source[y0 * width + x1]! * wx
      const bottom = source[y1 * width + x0]! * (1 - wx) + source[y1 * width + x1]! * wx
      out[y * toWidth + x] = top * (1 - wy) + bottom * wy
    }
  }
  return out
}
