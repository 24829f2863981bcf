import type { PackSessions } from './inference/packs'

/** What a long computation reports to and checks with between its steps. */
export interface StepContext {
  progress(fraction: number, message?: string): void
  /**
   * Call between steps: yields to the event loop so a cancel message can arrive (a step blocks the thread),
   * then throws compute.cancelled if main asked this job to stop.
   */
  checkpoint(): Promise<void>
}

/** What every compute-host task is given besides its input: its steps' context, and the host's loaded packs. */
export interface TaskContext extends StepContext {
  /** The one session cache of this host: a restarted host starts empty, which is why tasks carry runtime settings. */
  packs: PackSessions
}

export type Task<I, O> = (input: I, context: TaskContext) => Promise<O>
