import { useEffect, useState, useSyncExternalStore } from 'react'
import { Image as KonvaImage } from 'react-konva'
import type { StagedCandidate } from '../../src-shared/contract'
import type { StagingArea } from '../editor/generation/StagingArea'

/**
 * The staging area's shown candidate drawn on the canvas over the area accepting it would change (InvokeAI's
 * staging preview), so the user judges it in place; a blurred one stays blurred here too.
 */
export function StagedPreview({ staging }: { staging: StagingArea }) {
  useSyncExternalStore(staging.subscribe, staging.get)
  const candidate = staging.shown()
  const image = useDecoded(candidate)
  if (!candidate || image?.candidate !== candidate) return null
  const { rect } = candidate
  return <KonvaImage image={image.bitmap} x={rect.x} y={rect.y} width={rect.width} height={rect.height} />
}

/** The candidate's PNG as a bitmap; the last one decoded, which lags the candidate while the next one decodes. */
function useDecoded(candidate: StagedCandidate | undefined) {
  const [decoded, setDecoded] = useState<{ candidate: StagedCandidate; bitmap: ImageBitmap }>()
  useEffect(() => {
    if (!candidate) return
    let current = true
    void createImageBitmap(new Blob([candidate.preview as Uint8Array<ArrayBuffer>], { type: 'image/png' })).then((bitmap) => {
      if (current) setDecoded({ candidate, bitmap })
      else bitmap.close()
    })
    return () => {
      current = false
    }
  }, [candidate])
  useEffect(() => () => decoded?.bitmap.close(), [decoded])
  return decoded
}
