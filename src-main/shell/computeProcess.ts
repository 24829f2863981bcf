import { utilityProcess } from 'electron'
import type { ComputeProcess, FromComputeHost, SpawnComputeProcess } from '../compute/protocol'

/** Starts the compute host as an Electron utilityProcess: a Node process Chromium's sandbox policy manages. */
export function spawnUtilityComputeProcess(entry: string): SpawnComputeProcess {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Z-Image Editor compute host', stdio: 'inherit' })
    const process: ComputeProcess = {
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (message: FromComputeHost) => listener(message)),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => child.kill(),
    }
    return process
  }
}
