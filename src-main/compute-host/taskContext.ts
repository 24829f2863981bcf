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
export interface TaskContext<Part = never> extends StepContext {
  /** The one session cache of this host: a restarted host starts empty, which is why tasks carry runtime settings. */
  packs: PackSessions
  /**
   * Sends a piece of the output to main ahead of the result, which main receives only once it has handled every part
   * before it. Output of tens of megabytes goes this way: one message that size is deserialized by main's thread in one
   * go, where parts of a few megabytes each are short, and main can store each as it comes instead of holding them all.
   */
  send(part: Part): void
}

/** A task: its input and output, and the parts it sends ahead of its output (none unless it says). */
export type Task<I, O, Part = never> = (input: I, context: TaskContext<Part>) => Promise<O>
