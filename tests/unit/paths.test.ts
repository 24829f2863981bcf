import { describe, expect, it } from 'vitest'
import { exportFileName, FileName, FilePath } from '../../src-shared/contract/paths'

describe('FilePath: every path the API takes or returns', () => {
  it.each(['/home/li/沙发.zproj', 'C:\\Users\\li\\a.zproj', 'D:/photos/a.png', '\\\\server\\share\\a.zproj', '/a b/c.d'])('accepts %s', (path) => {
    expect(FilePath.safeParse(path).success).toBe(true)
  })

  it.each([
    ['a NUL byte', '/tmp/a\0b.zproj'],
    ['a relative path', 'a.zproj'],
    ['a dot-relative path', './a.zproj'],
    ['a drive-relative Windows path', 'C:a.zproj'],
    ['a trailing slash', '/tmp/photos/'],
    ['a trailing backslash', 'C:\\photos\\'],
    ['the root', '/'],
    ['nothing', ''],
  ])('refuses %s', (_what, path) => {
    expect(FilePath.safeParse(path).success).toBe(false)
  })
})

describe('FileName', () => {
  it.each(['kodim03.png', '沙发 2.jpg', '.hidden', 'a..b'])('accepts %s', (name) => expect(FileName.safeParse(name).success).toBe(true))
  it.each(['a\0b.png', '../x.png', 'a/b.png', 'a\\b.png', '.', '..', ''])('refuses %j', (name) => expect(FileName.safeParse(name).success).toBe(false))
})

describe('exportFileName', () => {
  it.each([
    ['kodim03.png', 'png', 'kodim03.png'],
    ['沙发.webp', 'jpg', '沙发.jpg'],
    ['../../etc/passwd', 'png', 'passwd.png'],
    ['C:\\evil\\..\\x.tif', 'psd', 'x.psd'],
    ['a\0b.png', 'png', 'ab.png'],
    ['..', 'png', 'untitled.png'],
    ['', 'png', 'untitled.png'],
  ])('%j as %s is %s, a plain file name', (name, extension, expected) => {
    expect(exportFileName(name, extension)).toBe(expected)
    expect(FileName.safeParse(exportFileName(name, extension)).success).toBe(true)
  })
})
