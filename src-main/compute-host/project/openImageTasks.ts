import { randomUUID } from 'node:crypto'
import { ProjectStore } from '../../documents/project'
import { checkImage, decodeChecked, type CheckedImage, type DecodedImage, type ImageSource } from '../../imaging/decode'
import { hasScaledDecode, previewFromBytes, previewFromPixels, type Preview } from '../../imaging/openingPreview'
import { makeThumbnail } from '../../imaging/thumbnail'
import type { Task } from '../taskContext'

/**
 * Photos between their first view and their store, by token: the checked bytes where the preview came from a
 * scaled decode (the store then makes the one full decode), else the pixels decoded for the preview. Main always
 * asks for the store right after (tasks run one at a time here), so this holds at most the photos being opened.
 */
const opening = new Map<string, { checked: CheckedImage; pixels?: DecodedImage }>()

/**
 * Opening a photo, decoded once here: `project.decodeImage` answers its size and a screen-sized preview at once, and
 * `project.storeImage` then cuts the full-size pixels into hashed, compressed tiles and writes the new project file,
 * so main's thread neither decodes nor touches a tile.
 */
export const openImageTasks = {
  'project.decodeImage': (async ({ bytes }) => {
    const checked = await checkImage(bytes)
    const pixels = hasScaledDecode(checked) ? undefined : await decodeChecked(checked)
    const preview = pixels ? await previewFromPixels(pixels) : await previewFromBytes(checked)
    const token = randomUUID()
    opening.set(token, { checked, pixels })
    return { token, width: checked.width, height: checked.height, source: checked.source, preview }
  }) as Task<{ bytes: Uint8Array }, { token: string; width: number; height: number; source: ImageSource; preview: Preview }>,

  /** The photo as a new project at `path` (version 1, "open"); a failure, a damaged photo's too, leaves no file there. */
  'project.storeImage': (async ({ token, path, name, layerName }) => {
    const held = opening.get(token)
    opening.delete(token)
    if (!held) throw new Error(`No decoded photo ${token} to store.`)
    const image = held.pixels ?? (await decodeChecked(held.checked))
    // The document was answered at the header's size; pixels of another would not fit its grid.
    if (image.width !== held.checked.width || image.height !== held.checked.height) {
      throw new Error(`The photo decoded at ${image.width}×${image.height}, not the ${held.checked.width}×${held.checked.height} its header said.`)
    }
    const thumbnail = await makeThumbnail(image.rgba, image.width, image.height)
    ProjectStore.create(path, { name, width: image.width, height: image.height, rgba: image.rgba, thumbnail, layerName }, { tileCacheBytes: 0 }).close()
    return {}
  }) as Task<{ token: string; path: string; name: string; layerName?: string }, Record<string, never>>,

  /** Forgets a photo main will not store (its project could not be claimed). */
  'project.dropImage': (async ({ token }) => {
    opening.delete(token)
    return {}
  }) as Task<{ token: string }, Record<string, never>>,
}
