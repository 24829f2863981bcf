import type { ExportFormat } from '../../../src-shared/contract'
import { encodeImage } from '../../imaging/encode'
import type { Task } from '../taskContext'
import { composite, readProject, type StackRequest } from './projectReads'

/** Exports read from the project's tiles: the picture encoded. */
export const exportTasks = {
  /** Export: the visible picture as PNG, JPEG or WebP bytes. */
  'project.export': (async (request, context) =>
    readProject(request.file, async (store) => {
      const rgba = await composite(store, request, context, 0.7)
      return { bytes: await encodeImage(rgba, request.width, request.height, request.format, request.quality) }
    })) as Task<StackRequest & { format: ExportFormat; quality?: number }, { bytes: Uint8Array }>,
}
