/**
 * The one registry of document job kinds: each declares its plan (checks, while the call waits), its run (on the
 * compute host) and its commit (one version, or an answer), and DocumentJobs runs them all the same way.
 * Generation, removal and segmentation still have classes of their own (GenerationJobs…) that take the same
 * steps by hand; each moves here as a kind, its own 'committed' event kept beside version.committed until the
 * renderer listens to that alone.
 */
import { resizeCanvas } from './kinds/canvas'
import { exportImage, flatten, mergeDown } from './kinds/compositing'
import { duplicateLayer, exportPsd, transformLayer } from './kinds/layers'
import { warpLayer } from './kinds/warp'

export const jobKinds = { mergeDown, flatten, exportImage, exportPsd, transformLayer, duplicateLayer, warpLayer, resizeCanvas } as const
