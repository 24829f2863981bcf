/** The compute host's entry, as main starts it: the app's task table (tasks.ts) served by host.ts. */
import { startComputeHost } from './host'
import { tasks } from './tasks'

startComputeHost(tasks)
