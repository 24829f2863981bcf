import { randomUUID } from 'node:crypto'
import { AppError, type DocumentInfo } from '../../src-shared/contract'
import type { DecodedImage } from '../imaging/decode'

interface OpenDocument {
  info: DocumentInfo
  pixels: Map<string, Buffer>
}

/** The documents open in this session, by id. */
export class OpenDocuments {
  private readonly documents = new Map<string, OpenDocument>()

  openFromImage(name: string, image: DecodedImage): DocumentInfo {
    const layerId = randomUUID()
    const info: DocumentInfo = {
      id: randomUUID(),
      name,
      width: image.width,
      height: image.height,
      source: image.source,
      layers: [{ id: layerId, name: 'Background', width: image.width, height: image.height }],
    }
    this.documents.set(info.id, { info, pixels: new Map([[layerId, image.rgba]]) })
    return info
  }

  close(documentId: string): void {
    this.documents.delete(documentId)
  }

  info(documentId: string): DocumentInfo {
    return this.get(documentId).info
  }

  layerPixels(documentId: string, layerId: string): Buffer {
    const pixels = this.get(documentId).pixels.get(layerId)
    if (!pixels) throw new AppError('document.notFound', `No layer ${layerId} in this document.`)
    return pixels
  }

  private get(documentId: string): OpenDocument {
    const document = this.documents.get(documentId)
    if (!document) throw new AppError('document.notFound', 'That document is not open.')
    return document
  }
}
