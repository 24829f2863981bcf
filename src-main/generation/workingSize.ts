import { AppError, type PackManifest } from '../../src-shared/contract'

export interface Size {
  width: number
  height: number
}

/** The largest side a pack is asked for, as a multiple of its native side: beyond it these models repeat themselves. */
const MAX_NATIVE_FACTOR = 2

/**
 * The size the model works at for a region: the pack's native pixel count at the region's aspect ratio, each
 * side a multiple of the pack's size multiple (model-packs.md: Z-Image multiples of 16, SD of 8).
 */
export function workingSize(region: Size, manifest: PackManifest): Size {
  const { nativeResolution: native, sizeMultiple: multiple } = manifest
  // An export with its size baked in runs at that size alone: the region is resized to it and back.
  if (manifest.fixedSize) return { ...native }
  const scale = Math.sqrt((native.width * native.height) / (region.width * region.height))
  const side = (length: number, nativeSide: number) =>
    Math.min(nativeSide * MAX_NATIVE_FACTOR, Math.max(multiple, Math.round((length * scale) / multiple) * multiple))
  return { width: side(region.width, native.width), height: side(region.height, native.height) }
}

/** A size the caller asked for: refused unless the pack can work at it. */
export function checkSize(size: Size, manifest: PackManifest): Size {
  const { nativeResolution: native, sizeMultiple: multiple } = manifest
  if (manifest.fixedSize && (size.width !== native.width || size.height !== native.height)) {
    throw new AppError('generation.badSize', `${manifest.name} was exported to run at ${native.width}×${native.height} only; ${size.width}×${size.height} is not that.`, {
      width: size.width,
      height: size.height,
      multiple,
    })
  }
  const fits = (length: number, nativeSide: number) => length % multiple === 0 && length >= multiple && length <= nativeSide * MAX_NATIVE_FACTOR
  if (!fits(size.width, native.width) || !fits(size.height, native.height)) {
    throw new AppError(
      'generation.badSize',
      `${manifest.name} works at sizes that are multiples of ${multiple}, up to ${native.width * MAX_NATIVE_FACTOR}×${native.height * MAX_NATIVE_FACTOR}; ${size.width}×${size.height} is not one.`,
      { width: size.width, height: size.height, multiple },
    )
  }
  return size
}
