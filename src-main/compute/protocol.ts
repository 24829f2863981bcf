import type { AppErrorData } from '../../src-shared/contract'

/**
 * Messages between main and the compute host. Both sides are ours and the channel is structured-clone
 * (Electron utilityProcess or Node's 'advanced' IPC serialization), so Uint8Arrays cross without base64.
 */
/**
 * The most one message from the host should carry, give or take: main's thread takes each message in one go, and a
 * few megabytes cost it a few milliseconds where an export's 40 MB PNG in one message held it for tens (bench
 * mainThread). Larger output crosses in pieces ('part', 'bytes').
 */
export const MESSAGE_BYTES = 4 * 1024 * 1024

export type ToComputeHost =
  | { type: 'run'; id: number; task: string; input: unknown }
  | { type: 'cancel'; id: number }

export type FromComputeHost =
  /** Sent once at start; the pid lets main (and tests) tell one process from the next. */
  | { type: 'ready'; pid: number }
  | { type: 'progress'; id: number; fraction: number; message?: string }
  /** A piece of a job's output sent ahead of its result, in order (a layer's new tiles, a few megabytes at a time). */
  | { type: 'part'; id: number; part: unknown }
  /** A piece of a byte array of the result past MESSAGE_BYTES, `field` of it, sent ahead of it: main puts it in place. */
  | { type: 'bytes'; id: number; field: string; offset: number; total: number; bytes: Uint8Array }
  | { type: 'result'; id: number; output: unknown }
  | { type: 'error'; id: number; error: AppErrorData }

/** A running compute-host process, however it was started. */
export interface ComputeProcess {
  send(message: ToComputeHost): void
  onMessage(listener: (message: FromComputeHost) => void): void
  onExit(listener: (code: number | null) => void): void
  kill(): void
}

export type SpawnComputeProcess = () => ComputeProcess
