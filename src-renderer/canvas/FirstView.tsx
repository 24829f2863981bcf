import { useEffect, useState } from 'react'
import { Image as KonvaImage } from 'react-konva'
import type { DocumentInfo } from '../../src-shared/contract'
import type { EditorState } from '../editor/Editor'

/**
 * An opened photo's screen-sized preview, stretched over the whole document, until its full-size pixels are in the
 * layers' rasters: the photo shows at once instead of after it is stored and its tiles are fetched.
 */
export function FirstView({ firstView, document }: { firstView: NonNullable<EditorState['firstView']>; document: DocumentInfo }) {
  const bitmap = useBitmap(firstView.bytes)
  if (!bitmap || firstView.documentId !== document.id) return null
  return <KonvaImage image={bitmap} width={document.width} height={document.height} />
}

function useBitmap(webp: Uint8Array): ImageBitmap | undefined {
  const [bitmap, setBitmap] = useState<ImageBitmap>()
  useEffect(() => {
    let current = true
    let decoded: ImageBitmap | undefined
    void createImageBitmap(new Blob([webp as Uint8Array<ArrayBuffer>], { type: 'image/webp' })).then((made) => {
      decoded = made
      if (current) setBitmap(made)
      else made.close()
    })
    return () => {
      current = false
      decoded?.close()
      setBitmap(undefined)
    }
  }, [webp])
  return bitmap
}
