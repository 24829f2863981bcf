import { rgbaPixels } from '../../fixtures/images'

/** 64×48: the left half red, the right half blue, with a green 8×8 square at (8, 8). */
export const W = 64
export const H = 48
export const RED = [220, 30, 30, 255] as const
export const BLUE = [20, 40, 200, 255] as const
export const GREEN = [20, 200, 40, 255] as const
export const twoHalves = () => rgbaPixels(W, H, (x, y) => (x >= 8 && x < 16 && y >= 8 && y < 16 ? GREEN : x < W / 2 ? RED : BLUE))
