import type { WarpJobs } from '../warp/WarpJobs'
import type { Handlers } from './dispatch'

type WarpHandlers = Pick<Handlers, 'warp.apply' | 'warp.fromVersion'>

export function warpHandlers(warps: WarpJobs): WarpHandlers {
  return {
    'warp.apply': (input) => warps.apply(input),
    'warp.fromVersion': (input) => warps.fromVersion(input),
  }
}
