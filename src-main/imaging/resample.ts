import sharp from 'sharp'

interface Size {
  width: number
  height: number
}

/** Straight RGBA resized with Lanczos-3 (sharp), e.g. a crop to the model's working size and back. */
export async function resizeRgba(rgba: Uint8Array, from: Size, to: Size): Promise<Buffer> {
  if (from.width === to.width && from.height === to.height) return Buffer.from(rgba)
  return sharp(rgba, { raw: { ...from, channels: 4 }, limitInputPixels: false })
    .resize(to.width, to.height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer()
}

/** A one-byte mask resized by nearest neighbour, so it stays a mask rather than a blur. */
export async function resizeMask(alpha: Uint8Array, from: Size, to: Size): Promise<Buffer> {
  if (from.width === to.width && from.height === to.height) return Buffer.from(alpha)
  return sharp(alpha, { raw: { ...from, channels: 1 }, limitInputPixels: false })
    .resize(to.width, to.height, { fit: 'fill', kernel: 'nearest' })
    // sharp widens one channel to three on the way through.
    .extractChannel(0)
    .raw()
    .toBuffer()
}
