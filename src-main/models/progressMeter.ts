import type { EventPayload } from '../../src-shared/contract'

export type InstallProgress = EventPayload<'models.installProgress'>

/** Turns bytes as they arrive into progress reports with speed and time left, at most ten a second. */
export class ProgressMeter {
  private done = 0
  private moved = 0
  private readonly started = performance.now()
  private lastReport = -Infinity

  constructor(
    private readonly source: string,
    private readonly total: number,
    private readonly report: (progress: InstallProgress) => void,
    private readonly phase: InstallProgress['phase'],
  ) {}

  /**
   * `fromDisk`: bytes an earlier attempt left (they count as done, not toward the speed). Negative when a
   * server ignores a resume and a file starts over.
   */
  add(file: string, bytes: number, fromDisk = false): void {
    this.done += bytes
    if (!fromDisk) this.moved += bytes
    const now = performance.now()
    if (now - this.lastReport >= 100 || this.done === this.total) {
      this.lastReport = now
      this.report(this.progress(file, now))
    }
  }

  private progress(file: string, now: number): InstallProgress {
    const seconds = (now - this.started) / 1000
    const bytesPerSecond = seconds > 0 ? this.moved / seconds : 0
    const left = Math.max(0, this.total - this.done)
    return {
      source: this.source,
      phase: this.phase,
      file,
      bytesDone: Math.max(0, this.done),
      bytesTotal: this.total,
      bytesPerSecond,
      ...(bytesPerSecond > 0 ? { secondsLeft: left / bytesPerSecond } : {}),
    }
  }
}
