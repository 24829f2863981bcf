import { performance } from 'node:perf_hooks'

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
