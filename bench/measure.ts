import { monitorEventLoopDelay, performance } from 'node:perf_hooks'

/** Median wall time in milliseconds of `runs` runs of `work`, after one warm-up run. */
export async function medianMs(runs: number, work: () => unknown): Promise<number> {
  await work()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await work()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return round(times[Math.floor(times.length / 2)]!)
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits))

/** A figure beside its baseline, measured in the same run, and their ratio: the number to compare across runs. */
export function versus(valueMs: number, baselineMs: number, baseline: string) {
  return { ms: round(valueMs), baseline, baselineMs: round(baselineMs), ratio: round(valueMs / baselineMs) }
}

/** Main's loop delay while `work` runs: how long any other call or event would have waited at worst. */
export async function loopDelay(work: () => Promise<unknown>) {
  const histogram = monitorEventLoopDelay({ resolution: 5 })
  histogram.enable()
  // The monitor's first sample only starts its clock: take it before the work, or a block at once goes unseen.
  await new Promise((resolve) => setTimeout(resolve, 20))
  const start = performance.now()
  await work()
  const wallMs = round(performance.now() - start)
  // A handler that blocks to its end is seen only by the monitor's next sample: let it come before stopping.
  await new Promise((resolve) => setTimeout(resolve, 20))
  histogram.disable()
  return { maxMs: round(histogram.max / 1e6), p99Ms: round(histogram.percentile(99) / 1e6), wallMs }
}
