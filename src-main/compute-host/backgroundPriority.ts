import { readdirSync } from 'node:fs'
import { constants, setPriority } from 'node:os'

/**
 * Puts the compute host below main and the renderer in the OS scheduler. The host keeps every core busy (its band
 * pool runs a thread per core, sharp's threads as many again), and at the same priority main's thread, woken with
 * work to do, waited behind them for a core: 50–130 ms at a time on two cores, with no work of its own running (bench
 * mainThread). Below them, the host still has every core main leaves idle, and main runs as soon as it has work.
 */
export function runBelowNormalPriority(): void {
  const priority = constants.priority.PRIORITY_BELOW_NORMAL
  if (process.platform !== 'linux') return setPriority(priority)
  // Linux sets one thread's priority, and a thread starts with its starter's: every thread running now (Node's own)
  // is set here, and those started later (the band pool's, sharp's) take it from the thread that starts them.
  for (const thread of readdirSync('/proc/self/task')) {
    try {
      setPriority(Number(thread), priority)
    } catch (error) {
      // A thread that ended since the listing needs no priority.
      if ((error as { info?: { code?: string } }).info?.code !== 'ESRCH') throw error
    }
  }
}
