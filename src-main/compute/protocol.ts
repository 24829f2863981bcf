import type { AppErrorData } from '../../src-shared/contract'

/**
 * Messages between main and the compute host. Both sides are ours and the channel is structured-clone
 * (Electron utilityProcess or Node's 'advanced' IPC serialization), so Uint8Arrays cross without base64.
 */
export type ToComputeHost =
  | { type: 'run'; id: number; task: string; input: unknown }
  | { type: 'cancel'; id: number }

export type FromComputeHost =
  /** Sent once at start; the pid lets main (and tests) tell one process from the next. */
  | { type: 'ready'; pid: number }
  | { type: 'progress'; id: number; fraction: number; message?: string }
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
