import { compositeTasks } from './compositeTasks'
import { exportTasks } from './exportTasks'
import { generationTasks } from './generationTasks'
import { layerTasks } from './layerTasks'
import { maskTasks } from './maskTasks'
import { openImageTasks } from './openImageTasks'
import { removalTasks } from './removalTasks'
import { segmentationTasks } from './segmentationTasks'
import { warpTasks } from './warpTasks'

/**
 * The compute host's whole-layer work, reading the version's tiles from the project file itself so main never
 * assembles, inflates or hashes a layer: what changes comes back as tiles (only those the project lacks, hashed and
 * encoded), the rest as a small answer (an export's bytes, a mask, a thumbnail).
 */
export const projectTasks = {
  /** Opening a photo: decoded once, a preview at once, then the tiles and the project file. */
  ...openImageTasks,
  /** Merge down, flatten and history thumbnails. */
  ...compositeTasks,
  /** The picture encoded, and the layered PSD. */
  ...exportTasks,
  /** Crop and canvas size, the free transform, Apply mask. */
  ...layerTasks,
  /** Layer masks from a selection: Add mask, Remove background. */
  ...maskTasks,
  /** Drag to deform. */
  ...warpTasks,
  /** Object removal. */
  ...removalTasks,
  /** A generation's result pasted into its layer. */
  ...generationTasks,
  /** Select subject and click to segment, on a layer or the visible picture. */
  ...segmentationTasks,
}
