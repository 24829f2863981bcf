import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import { ProjectStore } from '../../documents/project'
import { decodeImage, type DecodedImage } from '../../imaging/decode'
import { makeThumbnail } from '../../imaging/thumbnail'
import type { Task } from '../taskContext'

/** The longest side of the first view: about a screen, so the window can show the photo before its tiles land. */
export const PREVIEW_SIDE = 2048

/**
 * Decoded photos between their decode and their store, by token. Main always asks for the store right after the
 * decode (tasks run one at a time here), so this holds at most the photos being opened.
 */
const decoded = new Map<string, DecodedImage>()

/**
 * Opening a photo, decoded once here: `project.decodeImage` answers its size and a screen-sized preview at once, and
 * `project.storeImage` then cuts the same pixels into hashed, compressed tiles and writes the new project file, so
 * main's thread neither decodes nor touches a tile.
 */
export const openImageTasks = {
  'project.decodeImage': (async ({ bytes }) => {
    const image = await decodeImage(bytes)
    const token = randomUUID()
    decoded.set(token, image)
    const raw = { raw: { width: image.width, height: image.height, channels: 4 as const }, limitInputPixels: false }
    const { data, info } = await sharp(image.rgba, raw)
      .resize(PREVIEW_SIDE, PREVIEW_SIDE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80, effort: 0 })
      .toBuffer({ resolveWithObject: true })
    return { token, width: image.width, height: image.height, source: image.source, preview: { width: info.width, height: info.height, bytes: data } }
  }) as Task<
    { bytes: Uint8Array },
    { token: string; width: number; height: number; source: DecodedImage['source']; preview: { width: number; height: number; bytes: Uint8Array } }
  >,

  /** The decoded photo as a new project at `path` (version 1, "open"); a failure leaves no file there. */
  'project.storeImage': (async ({ token, path, name, layerName }) => {
    const image = decoded.get(token)
    decoded.delete(token)
    if (!image) throw new Error(`No decoded photo ${token} to store.`)
    const thumbnail = await makeThumbnail(image.rgba, image.width, image.height)
    ProjectStore.create(path, { name, width: image.width, height: image.height, rgba: image.rgba, thumbnail, layerName }, { tileCacheBytes: 0 }).close()
    return {}
  }) as Task<{ token: string; path: string; name: string; layerName?: string }, Record<string, never>>,

  /** Forgets a decoded photo main will not store (its project could not be claimed). */
  'project.dropImage': (async ({ token }) => {
    decoded.delete(token)
    return {}
  }) as Task<{ token: string }, Record<string, never>>,
}
