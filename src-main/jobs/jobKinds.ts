/**
 * The one registry of document job kinds: each declares its plan (checks, while the call waits), its run (on the
 * compute host) and its commit (one version, or an answer), and DocumentJobs runs them all the same way.
 * Every committed version is announced by version.committed alone, with its changed tiles, its kind and details.
 */
import { resizeCanvas } from './kinds/canvas'
import { exportImage, flatten, mergeDown } from './kinds/compositing'
import { acceptCandidate, generateImages } from './kinds/generation'
import { applyMask, maskFromSelection, removeBackground } from './kinds/layerMasks'
import { exportPsd, transformLayer } from './kinds/layers'
import { removeObject } from './kinds/removal'
import { segmentObject, selectSubject } from './kinds/segmentation'
import { warpLayer } from './kinds/warp'

export const jobKinds = { generateImages, acceptCandidate, mergeDown, flatten, exportImage, exportPsd, transformLayer, warpLayer, resizeCanvas, applyMask, maskFromSelection, removeBackground, removeObject, selectSubject, segmentObject } as const
