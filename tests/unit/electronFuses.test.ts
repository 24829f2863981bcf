import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { afterAll, describe, expect, it } from 'vitest'
import { flipPackagedFuses } from '../../scripts/electronFuses'

const folder = mkdtempSync(join(tmpdir(), 'fuses-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** A file laid out as Electron's binary holds its fuses: the sentinel, version 1, the wire length, one byte a fuse. */
function binaryWithFuseWire(): string {
  const path = join(folder, 'electron')
  const wire = Buffer.alloc(9, FuseState.ENABLE)
  wire[FuseV1Options.EnableCookieEncryption] = FuseState.DISABLE
  wire[FuseV1Options.OnlyLoadAppFromAsar] = FuseState.DISABLE
  const sentinel = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX', 'latin1')
  writeFileSync(path, Buffer.concat([Buffer.alloc(4096, 7), sentinel, Buffer.from([1, wire.length]), wire, Buffer.alloc(512, 7)]))
  return path
}

describe('packaged app fuses', () => {
  it('turns off Run as Node, NODE_OPTIONS and --inspect, and turns on cookie encryption and asar-only loading', async () => {
    const binary = binaryWithFuseWire()
    expect(await flipPackagedFuses(binary)).toBe(1)
    const fuses = await getCurrentFuseWire(binary)
    expect(fuses[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE)
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE)
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE)
    expect(fuses[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE)
    expect(fuses[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE)
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE)
  })
})
