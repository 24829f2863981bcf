import type { ComputeHost } from '../compute/ComputeHost'
import type { SpawnComputeProcess } from '../compute/protocol'
import type { ProjectFolders } from '../documents/OpenProjects'
import type { Emit } from '../jobs/JobQueue'
import type { Handlers } from './dispatch'
import type { FileDialogs } from './documents'

export interface ApiContext {
  mode: 'desktop' | 'web'
  version: string
  compute: ComputeHost
  folders: ProjectFolders
  /** The system's file dialogs (desktop only); without them the dialog methods answer dialog.unavailable. */
  dialogs?: FileDialogs
  /** Where model packs are installed; `<userDataDir>/models` unless given. */
  modelsDir?: string
  /** Pushes an event to the renderer ('jobs.changed', 'jobs.progress', 'models.installProgress'). */
  emit?: Emit
  /** Starts another compute process: batches run one per worker, side by side. Without it a batch lends `compute`. */
  spawnCompute?: SpawnComputeProcess
}

export interface Api {
  handlers: Handlers
  /** Closes every open project: call when the app quits. */
  close(): void
}

/** createApi's shape: a batch worker builds an API of its own with it, handed in to keep batch/ from importing api/. */
export type CreateApi = (context: ApiContext) => Api
