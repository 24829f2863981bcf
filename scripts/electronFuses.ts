/**
 * The fuses a packaged app flips in its Electron binary (https://www.electronjs.org/docs/latest/tutorial/fuses).
 * Run on the packaged binary (or the .app) after packaging, before signing:
 *   node --import tsx scripts/electronFuses.ts "dist/linux-unpacked/z-image-editor"
 * The repo has no packager config yet; whichever is added (electron-builder's afterPack, Forge's FusesPlugin) should
 * call flipPackagedFuses or pass it `packagedAppFuses`.
 */
import { flipFuses, FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses'

export const packagedAppFuses: FuseV1Config = {
  version: FuseVersion.V1,
  // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node for any local program.
  [FuseV1Options.RunAsNode]: false,
  // Cookies and other session storage encrypted with the OS keychain's key.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and --inspect would let another program inject code into main.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app's code only from its app.asar, never from a loose folder planted beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The renderer is served over app://; file:// needs no extra powers.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  // EnableEmbeddedAsarIntegrityValidation is left to the packager: it refuses to start without the asar hashes that
  // only the packaging step writes.
}

/** Flips the fuses in place; answers how many fuse wires were found (0 means not an Electron binary). */
export async function flipPackagedFuses(electronBinary: string): Promise<number> {
  return flipFuses(electronBinary, packagedAppFuses)
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const binary = process.argv[2]
  if (!binary) throw new Error('Usage: node --import tsx scripts/electronFuses.ts <packaged Electron binary or .app>')
  const wires = await flipPackagedFuses(binary)
  if (wires === 0) throw new Error(`${binary} holds no fuse wire: is it an Electron binary?`)
  console.log(`Flipped the fuses of ${binary}.`)
}
