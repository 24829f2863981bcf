/**
 * The compute host's band pool on its real worker threads: a job settles only after every band's afterBand has,
 * so a caller that starts the next job at once (the fill's search, then its vote) never has it disturbed by the
 * last one's stragglers.
 */
import { describe, expect, it } from 'vitest'
import { runInBands, threadCount } from '../../src-main/compute-host/bands/bandPool'
import { BAND_ROWS, shared } from '../../src-main/compute-host/bands/sharedMemory'
import type { BandJob } from '../../src-main/compute-host/bands/bandJob'

/** An identity transform of a `width` × `height` gradient: the output rows equal the source's. */
function copyJob(width: number, height: number): { job: BandJob; source: Uint8Array; out: Uint8Array } {
  const source = shared(Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 7) & 255))
  const out = new Uint8Array(new SharedArrayBuffer(source.length))
  const placement = { width, height, offsetX: 0, offsetY: 0, matrix: [1, 0, 0, 1, 0, 0] as [number, number, number, number, number, number] }
  return { job: { kind: 'affine', placement, source, bounds: { x: 0, y: 0, width, height }, out }, source, out }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('runInBands', () => {
  it('settles after the slowest afterBand, and the job started next runs to its end', async () => {
    expect(threadCount()).toBeGreaterThan(1)
    const first = copyJob(8, 2 * BAND_ROWS)
    // The first band back waits; the second finishes the rows while it does.
    let bandsBack = 0
    let slowSettled = false
    await runInBands(first.job, 0, 2 * BAND_ROWS, async () => {
      if (bandsBack++ > 0) return
      await delay(300)
      slowSettled = true
    })
    expect(slowSettled).toBe(true)
    expect(Buffer.from(first.out).equals(Buffer.from(first.source))).toBe(true)

    // Started at once, and slow enough to be running when a straggler of the first job would have come back.
    const second = copyJob(8, 6 * BAND_ROWS)
    const rowsSeen: number[] = []
    const finished = runInBands(second.job, 0, 6 * BAND_ROWS, async (rows) => {
      rowsSeen.push(rows)
      await delay(100)
    })
    await expect(Promise.race([finished.then(() => 'finished'), delay(20_000).then(() => 'stuck')])).resolves.toBe('finished')
    expect(rowsSeen.at(-1)).toBe(6 * BAND_ROWS)
    expect(Buffer.from(second.out).equals(Buffer.from(second.source))).toBe(true)
  })

  it('passes a cancel on once the bands in flight are back, and the pool runs the next job', async () => {
    const cancelled = copyJob(8, 8 * BAND_ROWS)
    const cancel = new Error('cancelled')
    let calls = 0
    await expect(
      runInBands(cancelled.job, 0, 8 * BAND_ROWS, async () => {
        calls++
        throw cancel
      }),
    ).rejects.toBe(cancel)
    // One afterBand per band sent before the cancel: one a thread.
    expect(calls).toBe(threadCount())
    const next = copyJob(8, 2 * BAND_ROWS)
    await runInBands(next.job, 0, 2 * BAND_ROWS, async () => {})
    expect(Buffer.from(next.out).equals(Buffer.from(next.source))).toBe(true)
  })
})
