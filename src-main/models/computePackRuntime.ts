import type { ComputeHost } from '../compute/ComputeHost'
import type { PackRuntime } from './ModelManager'

/** The compute host as the model manager's runtime: graphs load there, never on main's thread. */
export function computePackRuntime(compute: ComputeHost): PackRuntime {
  return {
    checkGraphs: async (packDir) => {
      const { fixedSize } = await compute.run('packs.checkGraphs', { packDir })
      return fixedSize ? { fixedSize } : {}
    },
    forget: async (packDir) => {
      await compute.run('packs.forget', { packDir })
    },
  }
}
