import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** A package the app ships, as the About dialog lists it. */
export interface BundledPart {
  name: string
  version: string
  licence: string
}

interface PackageJson {
  name: string
  version: string
  license?: string
  licenses?: { type: string }[]
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

const readPackage = (root: string, name: string): PackageJson | undefined => {
  const path = join(root, 'node_modules', name, 'package.json')
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as PackageJson) : undefined
}

/**
 * What the app ships, read at build time from package.json and each package's own package.json, so the About
 * dialog's licences cannot fall behind an upgrade: the dependencies (type packages excepted), Electron where it is
 * installed, and the platform binaries a dependency installed as optional dependencies (sharp's libvips is LGPL).
 */
export function bundledParts(root: string): BundledPart[] {
  const app = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson
  const names = new Set<string>()
  for (const name of [...Object.keys(app.dependencies ?? {}), ...Object.keys(app.optionalDependencies ?? {})]) {
    const dependency = readPackage(root, name)
    if (!dependency || name.startsWith('@types/')) continue
    names.add(name)
    for (const binary of Object.keys(dependency.optionalDependencies ?? {})) if (readPackage(root, binary)) names.add(binary)
  }
  return [...names].sort().map((name) => {
    const { version, license, licenses } = readPackage(root, name)!
    return { name, version, licence: license ?? licenses?.map((entry) => entry.type).join(' OR ') ?? 'UNKNOWN' }
  })
}
