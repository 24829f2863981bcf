import { extname } from 'node:path'
import type { ComputeHost } from '../compute/ComputeHost'
import type { OpenProjects } from '../documents/OpenProjects'
import { decodeImage } from '../imaging/decode'
import { encodeImage, mimeTypes } from '../imaging/encode'
import { makeThumbnail } from '../imaging/thumbnail'
import type { Handlers } from './dispatch'

type DocumentHandlers = Pick<
  Handlers,
  | 'documents.openImage'
  | 'documents.openProject'
  | 'documents.listOpen'
  | 'documents.recent'
  | 'documents.close'
  | 'documents.saveAs'
  | 'documents.export'
>

export function documentHandlers(projects: OpenProjects, compute: ComputeHost): DocumentHandlers {
  return {
    'documents.openImage': async ({ name, bytes }) => {
      const image = await decodeImage(bytes)
      const document = projects.createFromImage(name, image, await makeThumbnail(image.rgba, image.width, image.height))
      return { document, source: image.source }
    },
    'documents.openProject': async ({ path }) => projects.openProject(path),
    'documents.listOpen': async () => projects.list(),
    'documents.recent': async () => projects.recent.list(),
    'documents.close': async ({ documentId }) => {
      projects.close(documentId)
      return {}
    },
    'documents.saveAs': async ({ documentId, path }) => {
      await projects.store(documentId).saveAs(path)
      return {}
    },
    'documents.export': async ({ documentId, format, quality }) => {
      const store = projects.store(documentId)
      const { name, width, height } = store.document()
      const layers = store
        .layers()
        .filter((layer) => layer.kind === 'raster' && layer.visible)
        .map((layer) => ({ ...layer, rgba: store.readLayer(store.head, layer.id).rgba }))
      const { rgba } = await compute.run('imaging.flatten', { width, height, layers })
      const bytes = await encodeImage(rgba, width, height, format, quality)
      const stem = name.slice(0, name.length - extname(name).length) || 'untitled'
      return { fileName: `${stem}.${format === 'jpeg' ? 'jpg' : format}`, mimeType: mimeTypes[format], bytes }
    },
  }
}
