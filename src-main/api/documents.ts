import { existsSync } from 'node:fs'
import type { DocumentJobs } from '../jobs/documentJob'
import { jobKinds } from '../jobs/jobKinds'
import type { OpenProjects } from '../documents/OpenProjects'
import { importProject, openFile, refuseProjectAsImage } from '../documents/openFiles'
import type { ComputeHost } from '../compute/ComputeHost'
import { AppError } from '../../src-shared/contract'
import type { Handlers } from './dispatch'

type DocumentHandlers = Pick<
  Handlers,
  | 'documents.openImage'
  | 'documents.openProject'
  | 'documents.open'
  | 'documents.importProject'
  | 'documents.listOpen'
  | 'documents.recent'
  | 'documents.close'
  | 'documents.saveAs'
  | 'documents.chooseSaveAsPath'
  | 'documents.chooseFileToOpen'
  | 'documents.export'
>

/** The system's file dialogs; only the desktop app has them. A cancelled dialog answers null. */
export interface FileDialogs {
  /** Starts at `defaultPath`, a free name beside the project. */
  chooseSaveAsPath(defaultPath: string): Promise<string | null>
  chooseFileToOpen(): Promise<string | null>
}

export function documentHandlers(projects: OpenProjects, documentJobs: DocumentJobs, compute: ComputeHost, dialogs?: FileDialogs): DocumentHandlers {
  // The compute host answers a screen-sized preview at once (a JPEG's from a scaled decode), then decodes in full
  // and writes the tiles and the project file itself: the call answers as soon as the photo can show, and calls on
  // it wait until it is stored.
  const openImage = async (name: string, bytes: Uint8Array, layerName?: string) => {
    refuseProjectAsImage(name, bytes)
    const { token, width, height, source, preview } = await compute.run('project.decodeImage', { bytes })
    let path: string
    try {
      path = projects.freeProjectPath(name)
    } catch (error) {
      void compute.run('project.dropImage', { token }).catch(() => {})
      throw error
    }
    const document = projects.openStoring(path, { name, width, height, layerName }, async () => {
      await compute.run('project.storeImage', { token, path, name, ...(layerName ? { layerName } : {}) })
    })
    return { document, source, preview }
  }
  const noDialog = (details: Record<string, string>) =>
    new AppError('dialog.unavailable', 'There is no system file dialog in web mode; ask for a path instead.', details)
  return {
    'documents.openImage': async ({ name, bytes, layerName }) => openImage(name, bytes, layerName),
    'documents.openProject': async ({ path }) => projects.openProject(path),
    'documents.open': async ({ path, layerName }) => openFile(projects, path, async (name, bytes) => {
      const { document, preview } = await openImage(name, bytes, layerName)
      return { document, preview }
    }),
    'documents.importProject': async ({ name, bytes }) => importProject(projects, name, bytes),
    'documents.listOpen': async () => {
      await projects.allStored()
      return projects.list()
    },
    'documents.recent': async () => projects.recent.list(),
    'documents.close': async ({ documentId }) => {
      projects.close(documentId)
      return {}
    },
    'documents.saveAs': async ({ documentId, path, overwrite }) => ({ path: await projects.saveAs(documentId, path, overwrite) }),
    'documents.chooseSaveAsPath': async ({ documentId }) => {
      const suggested = projects.suggestSaveAsPath(documentId)
      if (!dialogs) throw noDialog({ suggestedPath: suggested })
      const path = await dialogs.chooseSaveAsPath(suggested)
      // The system dialog asks before replacing a file (macOS, Windows; GTK with showOverwriteConfirmation).
      return { path, confirmedOverwrite: path !== null && existsSync(path) }
    },
    'documents.chooseFileToOpen': async () => {
      if (!dialogs) throw noDialog({})
      return { path: await dialogs.chooseFileToOpen() }
    },
    // A job like merge and flatten: the compute host reads the tiles, composites and encodes.
    'documents.export': async ({ documentId, format, quality }) => documentJobs.run(jobKinds.exportImage, documentId, { format, quality }),
  }
}
