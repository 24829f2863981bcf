import { fork } from 'node:child_process'
import type { ComputeProcess, FromComputeHost, SpawnComputeProcess } from './protocol'

/** Starts the compute host as a Node child process (web mode and tests); Electron uses a utilityProcess. */
export function forkComputeProcess(entry: string, execArgv: string[] = []): SpawnComputeProcess {
  return () => {
    const child = fork(entry, [], { serialization: 'advanced', execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const process: ComputeProcess = {
      send: (message) => {
        if (child.connected) child.send(message)
      },
      onMessage: (listener) => child.on('message', (message) => listener(message as FromComputeHost)),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => child.kill('SIGKILL'),
    }
    return process
  }
}
