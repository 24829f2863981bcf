// AssemblyScript, compiled by `npm run build:kernels` into ../bicubicKernel.wasm.ts: the per-pixel work of
// bicubic.ts, which documents the arithmetic (tests/unit/warp/bicubic.test.ts checks it tap by tap).
//
// Arguments are byte offsets into the memory bicubic.ts lays out: `source` and `out` one u32 (RGBA) a pixel, the
// row's shifts (f64 per area pixel), and `weights`, Keys' 11-bit weights per 1/256-pixel step in two tables:
// across, 32 bytes a step (the taps' weights as i16 pairs [w0, w1] ×4 then [w2, w3] ×4, for i32x4.dot_i16x8_s),
// then down, 64 bytes a step (each tap's weight as four i32 lanes).

const SUBPIXELS: f64 = 256
const ACROSS_BYTES: usize = 256 * 32
const ROUND: i32 = 1 << 21

function clamp(value: i32, last: i32): i32 {
  return value < 0 ? 0 : value > last ? last : value
}

/** Tap j's weight (0 … 3) at step `step` of the table down. */
function weight(weights: usize, step: i32, j: i32): i32 {
  return load<i32>(weights + ACROSS_BYTES + (<usize>step << 6) + (<usize>j << 4))
}

/** Position in 1/256 pixel, as Math.floor(v * 256 + 0.5) | 0. */
function quantized(position: f64): i32 {
  return <i32>Math.floor(position * SUBPIXELS + 0.5)
}

/**
 * One row of the area: each pixel read where its shift says, a whole-pixel position copied as it is, any other
 * blended from its 16 taps — premultiplied by alpha where the row may read transparent pixels (`premultiplied`
 * non-zero), else by the opaque fast path.
 */
export function resampleRow(source: usize, width: i32, height: i32, areaX: i32, areaWidth: i32, y: i32, shiftX: usize, shiftY: usize, out: usize, weights: usize, premultiplied: i32): void {
  const lastX = width - 1
  const lastY = height - 1
  let o = out + (<usize>(y * width + areaX) << 2)
  for (let x: i32 = 0; x < areaWidth; x++, o += 4) {
    const qx = quantized(<f64>(areaX + x) + load<f64>(shiftX + (<usize>x << 3)))
    const qy = quantized(<f64>y + load<f64>(shiftY + (<usize>x << 3)))
    const x0 = qx >> 8
    const y0 = qy >> 8
    const fx = qx & 255
    const fy = qy & 255
    if (fx == 0 && fy == 0 && x0 >= 0 && y0 >= 0 && x0 <= lastX && y0 <= lastY) store<u32>(o, load<u32>(source + (<usize>(y0 * width + x0) << 2)))
    else if (premultiplied) store<u32>(o, premultipliedTaps(source, width, lastX, lastY, x0, y0, fx, fy, weights))
    else store<u32>(o, opaqueTaps(source, width, lastX, lastY, x0, y0, fx, fy, weights))
  }
}

/** Every tap opaque: the four taps of a source row are blended across by two i16 dot products, then the rows down. */
@inline
function opaqueTaps(source: usize, width: i32, lastX: i32, lastY: i32, x0: i32, y0: i32, fx: i32, fy: i32, weights: usize): u32 {
  // Pixel pairs (0, 1) and (2, 3) per channel, so each dot product takes one channel of two taps.
  const pairs = i8x16(0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15)
  const stride = <usize>width << 2
  const across = weights + (<usize>fx << 5)
  const w01 = v128.load(across)
  const w23 = v128.load(across, 16)
  const down = weights + ACROSS_BYTES + (<usize>fy << 6)
  const insideX = x0 >= 1 && x0 + 2 <= lastX
  let sum = i32x4.splat(0)
  for (let j = 0; j < 4; j++) {
    const rowStart = source + <usize>clamp(y0 - 1 + j, lastY) * stride
    const taps = insideX
      ? v128.load(rowStart + (<usize>(x0 - 1) << 2))
      : i32x4(
          load<i32>(rowStart + (<usize>clamp(x0 - 1, lastX) << 2)),
          load<i32>(rowStart + (<usize>clamp(x0, lastX) << 2)),
          load<i32>(rowStart + (<usize>clamp(x0 + 1, lastX) << 2)),
          load<i32>(rowStart + (<usize>clamp(x0 + 2, lastX) << 2)),
        )
    const paired = i8x16.swizzle(taps, pairs)
    const blended = i32x4.add(i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_u(paired), w01), i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_u(paired), w23))
    sum = i32x4.add(sum, i32x4.mul(blended, v128.load(down + (<usize>j << 4))))
  }
  // The saturating narrows clamp to 0 … 255: the kernel's negative lobes overshoot at edges.
  const channels = i32x4.shr_s(i32x4.add(sum, i32x4.splat(ROUND)), 22)
  const words = i16x8.narrow_i32x4_s(channels, channels)
  return i32x4.extract_lane(i8x16.narrow_i16x8_u(words, words), 0) | 0xff000000
}

/** Some tap may be transparent: the 16 taps blended with premultiplied alpha, then divided back out. */
@inline
function premultipliedTaps(source: usize, width: i32, lastX: i32, lastY: i32, x0: i32, y0: i32, fx: i32, fy: i32, weights: usize): u32 {
  // Weight × alpha fits i32 (2^22 · 255); the sums of its products with a channel need 64 bits.
  let r: i64 = 0
  let g: i64 = 0
  let b: i64 = 0
  let a: i64 = 0
  for (let j = 0; j < 4; j++) {
    const rowStart = source + <usize>clamp(y0 - 1 + j, lastY) * (<usize>width << 2)
    const wy = weight(weights, fy, j)
    for (let i = 0; i < 4; i++) {
      const p = load<u32>(rowStart + (<usize>clamp(x0 - 1 + i, lastX) << 2))
      const w = <i64>(wy * weight(weights, fx, i) * <i32>(p >>> 24))
      r += w * <i64>(p & 255)
      g += w * <i64>((p >>> 8) & 255)
      b += w * <i64>((p >>> 16) & 255)
      a += w
    }
  }
  if (a <= 0) return 0
  const total = <f64>a
  return byte(<f64>r / total) | (byte(<f64>g / total) << 8) | (byte(<f64>b / total) << 16) | (byte(total / <f64>(1 << 22)) << 24)
}

function byte(value: f64): u32 {
  return value <= 0 ? 0 : value >= 255 ? 255 : <u32>(value + 0.5)
}
