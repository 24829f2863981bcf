import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, resolveRendererFile } from '../../src-main/rendererFiles'

const root = resolve('/srv/renderer')

describe('resolveRendererFile', () => {
  it.each([
    ['/', 'index.html'],
    ['', 'index.html'],
    ['/index.html', 'index.html'],
    ['/assets/app.js', 'assets/app.js'],
    ['//assets//app.js', 'assets/app.js'],
    ['/assets/../index.html', 'index.html'],
    ['/a%20b.png', 'a b.png'],
    ['/..foo', '..foo'],
    ['/assets/..\\..\\secret', 'assets/..\\..\\secret'],
  ])('maps %j inside the root', (urlPath, inside) => {
    expect(resolveRendererFile(root, urlPath)).toBe(join(root, inside))
  })

  it.each([
    '/..',
    '/../secret',
    '/../renderer-other/x',
    '/assets/../../secret',
    '/%2e%2e/secret',
    '/%2E%2E/secret',
    '/..%2fsecret',
    '/assets/%2e%2e%2f%2e%2e%2fsecret',
    '/%2f..%2f..%2fetc/passwd',
    '/index.html%00.png',
    '/%00',
    '/%E0%A4%A',
    '/%zz',
    '/%',
  ])('refuses %j', (urlPath) => {
    expect(resolveRendererFile(root, urlPath)).toBeUndefined()
  })
})

describe('contentSecurityPolicy', () => {
  it('allows scripts only from the app and nothing to frame or embed it', () => {
    const directives = contentSecurityPolicy().split('; ')
    expect(directives).toContain("script-src 'self'")
    expect(directives).toContain("object-src 'none'")
    expect(directives).toContain("frame-ancestors 'none'")
    expect(directives).toContain("connect-src 'self'")
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/)
  })

  it('adds the given connect sources', () => {
    expect(contentSecurityPolicy(['ws://127.0.0.1:4000']).split('; ')).toContain("connect-src 'self' ws://127.0.0.1:4000")
  })
})
