import { describe, expect, it } from 'vitest'
import { AppError } from '../../src-shared/contract'
import { decodeFrame, encodeFrame } from '../../src-shared/contract/wire'

/** A frame laid out by hand: u32 LE header length, the header text, then `attachments`. */
function frameOf(header: string | Uint8Array, attachments: Uint8Array = new Uint8Array(0)): Uint8Array {
  const headerBytes = typeof header === 'string' ? new TextEncoder().encode(header) : header
  const length = new Uint8Array(4)
  new DataView(length.buffer).setUint32(0, headerBytes.byteLength, true)
  return concat(length, headerBytes, attachments)
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
  let offset = 0
  for (const part of parts) {
    whole.set(part, offset)
    offset += part.byteLength
  }
  return whole
}

const frameWith = (body: unknown, sizes: unknown, attachments?: Uint8Array) => frameOf(JSON.stringify({ body: JSON.stringify(body), sizes }), attachments)

describe('encodeFrame / decodeFrame', () => {
  it('round-trips structure with Uint8Arrays nested anywhere, as views into the frame', () => {
    const big = new Uint8Array(20_000).map((_, i) => i % 251)
    const backing = new Uint8Array([9, 8, 7, 6, 5, 4])
    const value = {
      id: 7,
      name: 'kodim03 – ünïcode',
      layer: { rgba: big, meta: { empty: new Uint8Array(0) } },
      list: [new Uint8Array([1, 2, 3]), null, true, 1.5, { view: backing.subarray(2, 5) }],
    }
    const frame = encodeFrame(value)
    const decoded = decodeFrame(frame) as typeof value
    expect(decoded).toEqual(value)
    const views = [decoded.layer.rgba, decoded.layer.meta.empty, decoded.list[0] as Uint8Array, (decoded.list[4] as { view: Uint8Array }).view]
    for (const view of views) {
      expect(view).toBeInstanceOf(Uint8Array)
      expect(view.buffer).toBe(frame.buffer)
    }
    // Attachments are raw bytes after the header, not base64 in it.
    expect(frame.byteLength).toBeLessThan(big.byteLength + 1000)
  })

  it('carries a Node Buffer as bytes, not as the { type, data } object its toJSON makes', () => {
    const pixels = Buffer.from([1, 2, 3, 250])
    const decoded = decodeFrame(encodeFrame({ rgba: pixels })) as { rgba: Uint8Array }
    expect(decoded.rgba).toBeInstanceOf(Uint8Array)
    expect([...decoded.rgba]).toEqual([1, 2, 3, 250])
  })

  it('decodes a frame that is itself a view into a larger buffer', () => {
    const frame = encodeFrame({ bytes: new Uint8Array([1, 2, 3]) })
    const padded = new Uint8Array(frame.byteLength + 5)
    padded.set(frame, 3)
    expect(decodeFrame(padded.subarray(3, 3 + frame.byteLength))).toEqual({ bytes: new Uint8Array([1, 2, 3]) })
  })

  it.each<[string, Uint8Array, string]>([
    ['an empty frame', new Uint8Array(0), 'shorter than its header'],
    ['a frame shorter than its length field', new Uint8Array([1, 0, 0]), 'shorter than its header'],
    ['a header longer than the frame', frameOf('{}').subarray(0, 5), 'header runs past the end'],
    ['a header that is not JSON', frameOf('not json'), 'header is not JSON'],
    ['a header that is not UTF-8', frameOf(new Uint8Array([0x22, 0xff, 0x22])), 'header is not JSON'],
    ['a header without body', frameOf(JSON.stringify({ sizes: [] })), 'header lacks body or sizes'],
    ['a header without sizes', frameOf(JSON.stringify({ body: '{}' })), 'header lacks body or sizes'],
    ['a null header', frameOf('null'), 'header lacks body or sizes'],
    ['a negative size', frameWith({}, [-1]), 'header lacks body or sizes'],
    ['a fractional size', frameWith({}, [0.5]), 'header lacks body or sizes'],
    ['sizes past the end', frameWith({ a: { $bytes: 0 } }, [10], new Uint8Array(4)), 'attachment runs past the end'],
    ['trailing bytes', concat(encodeFrame({ a: 1 }), new Uint8Array([0])), 'trailing bytes'],
    ['a body that is not JSON', frameOf(JSON.stringify({ body: '{"a":', sizes: [] })), 'body is not valid'],
    ['an attachment index past the attachments', frameWith({ a: { $bytes: 1 } }, [2], new Uint8Array(2)), 'body is not valid'],
    ['a negative attachment index', frameWith({ a: { $bytes: -1 } }, []), 'body is not valid'],
    ['an attachment index that is not a number', frameWith({ a: { $bytes: '0' } }, [1], new Uint8Array(1)), 'body is not valid'],
  ])('rejects %s with api.badMessage', (_name, frame, reason) => {
    let error: unknown
    try {
      decodeFrame(frame)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('api.badMessage')
    expect((error as AppError).message).toContain(reason)
  })
})
