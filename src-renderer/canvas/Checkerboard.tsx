import { useMemo } from 'react'
import { Rect } from 'react-konva'

/** Screen pixels of each square, and its two greys (Photoshop's default light checker). */
export const CHECKER_SQUARE = 8
export const CHECKER_GREYS = ['#f0f0f0', '#cccccc'] as const

/**
 * What lies under the document's layers, so transparency reads as transparency and not as the dark workspace: one
 * rectangle the document's size, filled with a 2×2-square pattern scaled so the squares stay the same on screen.
 */
export function Checkerboard({ width, height, zoom }: { width: number; height: number; zoom: number }) {
  const pattern = useMemo(() => {
    const side = 2 * CHECKER_SQUARE
    const tile = Object.assign(document.createElement('canvas'), { width: side, height: side })
    const context = tile.getContext('2d')!
    context.fillStyle = CHECKER_GREYS[0]
    context.fillRect(0, 0, side, side)
    context.fillStyle = CHECKER_GREYS[1]
    context.fillRect(CHECKER_SQUARE, 0, CHECKER_SQUARE, CHECKER_SQUARE)
    context.fillRect(0, CHECKER_SQUARE, CHECKER_SQUARE, CHECKER_SQUARE)
    return tile
  }, [])
  return <Rect width={width} height={height} fillPatternImage={pattern as unknown as HTMLImageElement} fillPatternScaleX={1 / zoom} fillPatternScaleY={1 / zoom} fillPatternRepeat="repeat" />
}
