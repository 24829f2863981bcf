/**
 * Seeded standard Gaussian noise: a counter-based generator (each value depends only on the seed, the stream
 * and its index, so any slice can be drawn alone and the same request repeats bit for bit on any machine)
 * turned Gaussian with the Box–Muller transform (Box & Muller 1958).
 */

/** murmur3's 32-bit finaliser: a bijective avalanche mix. */
function mix32(value: number): number {
  let h = value >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** A uniform in (0, 1] from (seed, stream, counter): three rounds of mixing keyed by each. */
function uniform(seed: number, stream: number, counter: number): number {
  const h = mix32(mix32(mix32(seed ^ 0x9e3779b9) ^ Math.imul(stream + 1, 0x632be5ab)) ^ counter)
  return (h + 1) / 2 ** 32
}

/** `count` values of N(0, 1) for a seed; `stream` separates independent draws of one request (e.g. LCM's per-step noise). */
export function gaussianNoise(seed: number, count: number, stream = 0): Float32Array {
  const noise = new Float32Array(count)
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(uniform(seed, stream, i)))
    const angle = 2 * Math.PI * uniform(seed, stream, i + 1)
    noise[i] = radius * Math.cos(angle)
    if (i + 1 < count) noise[i + 1] = radius * Math.sin(angle)
  }
  return noise
}
