import { readFile } from 'node:fs/promises'
import { isAbsolute, join, normalize, sep } from 'node:path'
import { z } from 'zod'
import { AppError, familyComponents, packFamilies, PackManifest, type PackFamily } from '../../src-shared/contract'

export const MANIFEST_FILE = 'pack.json'

/** Parses and checks a manifest's text: shape, family, the family's components, and that no path leaves the pack. */
export function parseManifest(text: string): PackManifest {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new AppError('pack.badManifest', `${MANIFEST_FILE} is not JSON: ${(error as Error).message}`)
  }
  const parsed = PackManifest.safeParse(json)
  if (!parsed.success) throw new AppError('pack.badManifest', `${MANIFEST_FILE} is not a pack manifest: ${z.prettifyError(parsed.error)}`)
  const manifest = parsed.data
  if (!(packFamilies as readonly string[]).includes(manifest.family)) {
    throw new AppError('pack.unknownFamily', `Unknown model family "${manifest.family}"; known: ${packFamilies.join(', ')}.`, {
      family: manifest.family,
    })
  }
  const family = manifest.family as PackFamily
  const layout = familyComponents[family]
  if (!layout) {
    throw new AppError('pack.unknownFamily', `The ${family} family is reserved: its weights are not public yet, so no pack of it can be used.`, {
      family,
    })
  }
  for (const path of Object.keys(manifest.files)) checkInside(path)
  for (const role of layout.required) {
    if (!manifest.components[role]) throw new AppError('pack.badManifest', `A ${family} pack needs a ${role} component.`, { component: role })
  }
  for (const [role, path] of Object.entries(manifest.components)) {
    checkInside(path)
    if (!layout.required.includes(role as never) && !layout.optional.includes(role as never)) {
      throw new AppError('pack.badManifest', `A ${family} pack has no ${role} component.`, { component: role })
    }
    if (!manifest.files[path]) throw new AppError('pack.badManifest', `Component ${role} (${path}) is not listed in files.`, { component: role })
  }
  return { ...manifest, family }
}

/** Reads `<folder>/pack.json`; a missing one is pack.noManifest. */
export async function readManifest(folder: string): Promise<PackManifest> {
  let text: string
  try {
    text = await readFile(join(folder, MANIFEST_FILE), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('pack.noManifest', `No ${MANIFEST_FILE} in ${folder}: not a model pack.`, { folder })
    }
    throw error
  }
  return parseManifest(text)
}

/** A pack lists paths relative to its folder; one that is absolute or climbs out would read or write elsewhere. */
function checkInside(path: string): void {
  const normal = normalize(path.replaceAll('\\', '/'))
  if (isAbsolute(path) || /^[a-zA-Z]:/.test(path) || normal === '..' || normal.startsWith(`..${sep}`) || normal.startsWith('../')) {
    throw new AppError('pack.pathEscapes', `The pack path "${path}" leaves the pack folder.`, { path })
  }
}
