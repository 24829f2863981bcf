import { extname } from 'node:path'
import type { OpenDocuments } from '../documents/openDocuments'
import { decodeImage } from '../imaging/decode'
import { encodeImage, mimeTypes } from '../imaging/encode'
import type { Handlers } from './dispatch'

type DocumentHandlers = Pick<Handlers, 'documents.openImage' | 'documents.close' | 'documents.layerPixels' | 'documents.export'>

export function documentHandlers(documents: OpenDocuments): DocumentHandlers {
  return {
    'documents.openImage': async ({ name, bytes }) => documents.openFromImage(name, await decodeImage(bytes)),
    'documents.close': async ({ documentId }) => {
      documents.close(documentId)
      return {}
    },
    'documents.layerPixels': async ({ documentId, layerId }) => {
      const layer = documents.info(documentId).layers.find((l) => l.id === layerId)
      const rgba = documents.layerPixels(documentId, layerId)
      return { width: layer!.width, height: layer!.height, rgba }
    },
    'documents.export': async ({ documentId, format, quality }) => {
      const info = documents.info(documentId)
      const background = info.layers[0]!
      const bytes = await encodeImage(documents.layerPixels(documentId, background.id), info.width, info.height, format, quality)
      const stem = info.name.slice(0, info.name.length - extname(info.name).length) || 'untitled'
      return { fileName: `${stem}.${format === 'jpeg' ? 'jpg' : format}`, mimeType: mimeTypes[format], bytes }
    },
  }
}
