/** The project store: one SQLite file per layered document and its history. See ProjectStore for the model. */
export { ProjectStore, type LayerPart, type NewProject, type OpenOptions } from './ProjectStore'
export { RecentProjects, type RecentProject } from './RecentProjects'
export { gridShape, HASH_BYTES, hashAt, intersect, TILE_SIZE, tileBounds, tileCount } from './tileGrid'
export type * from './types'
