/** IEEE half floats as ONNX Runtime passes them (`float16` tensors backed by Uint16Array; model-packs.md). */

const scratch = new DataView(new ArrayBuffer(4))

export function toFloat16(values: ArrayLike<number>): Uint16Array {
  const halves = new Uint16Array(values.length)
  for (let i = 0; i < values.length; i++) {
    scratch.setFloat32(0, values[i]!)
    const bits = scratch.getUint32(0)
    const sign = (bits >>> 16) & 0x8000
    const exponent = ((bits >>> 23) & 0xff) - 127 + 15
    const mantissa = bits & 0x7fffff
    if (exponent >= 31) halves[i] = sign | (((bits >>> 23) & 0xff) === 0xff && mantissa ? 0x7e00 : 0x7c00)
    else if (exponent <= 0) halves[i] = exponent < -10 ? sign : sign | (((mantissa | 0x800000) >>> (1 - exponent)) + 0x1000) >>> 13
    else halves[i] = (sign | (exponent << 10) | (mantissa >>> 13)) + ((mantissa >>> 12) & 1)
  }
  return halves
}

export function fromFloat16(halves: Uint16Array): Float32Array {
  const values = new Float32Array(halves.length)
  for (let i = 0; i < halves.length; i++) {
    const h = halves[i]!
    const sign = h & 0x8000 ? -1 : 1
    const exponent = (h >>> 10) & 0x1f
    const mantissa = h & 0x3ff
    values[i] =
      exponent === 0 ? sign * 2 ** -14 * (mantissa / 1024) : exponent === 31 ? (mantissa ? NaN : sign * Infinity) : sign * 2 ** (exponent - 15) * (1 + mantissa / 1024)
  }
  return values
}
