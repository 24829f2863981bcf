import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Tests run as root, where chmod stops nothing: read-only media and full disks need a real (tmpfs) mount. */
export const isRoot = process.getuid?.() === 0

/** A small tmpfs of its own; `readOnly()` remounts it read-only, `unmount()` removes it. */
export function smallTmpfs(size = '8m') {
  const directory = mkdtempSync(join(tmpdir(), 'tmpfs-'))
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', directory])
  return {
    directory,
    readOnly: () => execFileSync('mount', ['-o', 'remount,ro', directory]),
    unmount: () => {
      execFileSync('umount', ['-l', directory])
      rmdirSync(directory)
    },
  }
}
