/**
 * The WebSocket frame format: JSON for structure, raw bytes for every Uint8Array in it, so a 96 MB layer
 * crosses without base64. Layout: u32 header length (LE) | UTF-8 JSON header | attachment bytes…
 * The header is { body, sizes }, where body holds {"$bytes": i} in place of attachment i.
 */
import { AppError } from './errors'

const BYTES_TAG = '$bytes'

export function encodeFrame(value: unknown): Uint8Array {
  const attachments: Uint8Array[] = []
  // Read the holder's original value: JSON.stringify has already turned a Node Buffer into
  // { type: 'Buffer', data: [...] } through its toJSON by the time the replacer sees it.
  const body = JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const original = this[key]
    if (original instanceof Uint8Array) {
      attachments.push(original)
      return { [BYTES_TAG]: attachments.length - 1 }
    }
    return v
  })
  const header = new TextEncoder().encode(JSON.stringify({ body, sizes: attachments.map((a) => a.byteLength) }))
  const total = 4 + header.byteLength + attachments.reduce((n, a) => n + a.byteLength, 0)
  const frame = new Uint8Array(total)
  new DataView(frame.buffer).setUint32(0, header.byteLength, true)
  frame.set(header, 4)
  let offset = 4 + header.byteLength
  for (const a of attachments) {
    frame.set(a, offset)
    offset += a.byteLength
  }
  return frame
}

/** Decodes a frame; attachments are views into it, not copies. Throws api.badMessage on anything malformed. */
export function decodeFrame(frame: Uint8Array): unknown {
  const bad = (why: string) => new AppError('api.badMessage', `Malformed message: ${why}`)
  if (frame.byteLength < 4) throw bad('shorter than its header')
  const headerLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, true)
  if (4 + headerLength > frame.byteLength) throw bad('header runs past the end')
  let header: unknown
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(4, 4 + headerLength)))
  } catch {
    throw bad('header is not JSON')
  }
  const { body, sizes } = (header ?? {}) as { body?: unknown; sizes?: unknown }
  if (typeof body !== 'string' || !Array.isArray(sizes) || !sizes.every((s) => Number.isSafeInteger(s) && s >= 0)) {
    throw bad('header lacks body or sizes')
  }
  const attachments: Uint8Array[] = []
  let offset = 4 + headerLength
  for (const size of sizes as number[]) {
    if (offset + size > frame.byteLength) throw bad('attachment runs past the end')
    attachments.push(frame.subarray(offset, offset + size))
    offset += size
  }
  if (offset !== frame.byteLength) throw bad('trailing bytes')
  try {
    return JSON.parse(body, (_key, v: unknown) => {
      if (v && typeof v === 'object' && BYTES_TAG in v) {
        const index = (v as Record<string, unknown>)[BYTES_TAG]
        if (typeof index !== 'number' || !attachments[index]) throw new Error('bad attachment index')
        return attachments[index]
      }
      return v
    })
  } catch {
    throw bad('body is not valid')
  }
}
