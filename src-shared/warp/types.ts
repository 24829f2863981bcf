/** The shapes of a point drag: the same in the renderer's preview and the compute host's full-size apply. */

export interface Point {
  x: number
  y: number
}

/**
 * Schaefer, McPhail, Warren 2006, "Image Deformation Using Moving Least Squares": the class of local transform
 * fitted at each point. Affine (§2.1) may shear and stretch unevenly, similarity (§2.2) rotates and scales
 * uniformly, rigid (§2.3) only rotates, so it looks the most like a real object being moved.
 */
export type WarpMode = 'affine' | 'similarity' | 'rigid'

export const warpModes = ['affine', 'similarity', 'rigid'] as const satisfies readonly WarpMode[]

/** A rectangle in layer pixels. */
export interface PixelRect {
  x: number
  y: number
  width: number
  height: number
}

/**
 * The editable region: only pixels inside it may move. `mask` holds one byte per pixel of `rect` (≥ 128 =
 * editable); displacements fade to zero over `feather` pixels inside its edge, so the warp has no seam.
 */
export interface WarpRegion {
  rect: PixelRect
  mask: Uint8Array
  feather?: number
}

/** A drag: each handle moves to its target; pins are points that stay where they are. Layer pixel coordinates. */
export interface Drag {
  handles: readonly Point[]
  targets: readonly Point[]
  pins: readonly Point[]
  mode: WarpMode
  /**
   * With no pins and no region, only content within `radius` pixels of a handle moves (radiusRegion); without it
   * a lone handle would slide the whole layer along.
   */
  radius?: number
}
