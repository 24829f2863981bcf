/**
 * The WebSocket frame format: JSON for structure, raw bytes for every Uint8Array in it, so a 96 MB layer
 * crosses without base64. Layout: u32 header length (LE) | UTF-8 JSON header | attachment bytes…
 * The header is { body, sizes }, where body holds {"$bytes": i} in place of attachment i.
 */
import { AppError } from './errors'

const BYTES_TAG = '$bytes'

export function encodeFrame(value: unknown): Uint8Array {
  const attachments: Uint8Array[] = []
  const body = JSON.stringify(detachBytes(value, attachments))
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

/**
 * Replaces every Uint8Array with its tag before JSON.stringify sees it: stringify would first call a Node
 * Buffer's toJSON, which spells out every byte as a number (seconds for a 96 MB layer).
 */
function detachBytes(value: unknown, attachments: Uint8Array[]): unknown {
  if (value instanceof Uint8Array) {
    attachments.push(value)
    return { [BYTES_TAG]: attachments.length - 1 }
  }
  if (Array.isArray(value)) return value.map((item) => detachBytes(item, attachments))
  if (value && typeof value === 'object' && value.constructor === Object) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, detachBytes(item, attachments)]))
  }
  return value
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
