import { magicWand, type Coverage } from '../selection/coverage'

/**
 * The renderer's whole-layer pixel scans, as plain functions on typed arrays: what PixelScans runs in its Worker,
 * or on the caller's thread where there is no Worker (Node).
 */
export const scans = {
  magicWand,
  /** A layer's coverage placed in document coordinates (layers may be offset or larger than the document). */
  placed(coverage: Coverage, layer: { offsetX: number; offsetY: number }, document: { width: number; height: number }): Coverage {
    if (layer.offsetX === 0 && layer.offsetY === 0 && coverage.width === document.width && coverage.height === document.height) return coverage
    const alpha = new Uint8ClampedArray(document.width * document.height)
    for (let y = 0; y < document.height; y++) {
      const sy = y - layer.offsetY
      if (sy < 0 || sy >= coverage.height) continue
      for (let x = 0; x < document.width; x++) {
        const sx = x - layer.offsetX
        if (sx >= 0 && sx < coverage.width) alpha[y * document.width + x] = coverage.alpha[sy * coverage.width + sx]!
      }
    }
    return { width: document.width, height: document.height, alpha }
  },
  /** The alpha of RGBA pixels as a coverage map (the mask layer as a selection). */
  alphaOf(rgba: Uint8ClampedArray, width: number, height: number): Coverage {
    const alpha = new Uint8ClampedArray(width * height)
    for (let i = 0; i < alpha.length; i++) alpha[i] = rgba[i * 4 + 3]!
    return { width, height, alpha }
  },
}

export type ScanName = keyof typeof scans
export type ScanRequest = { id: number; name: ScanName; args: unknown[] }
export type ScanReply = { id: number; result?: Coverage; error?: string }
