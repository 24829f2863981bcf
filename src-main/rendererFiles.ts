import { isAbsolute, join, relative, resolve, extname, sep } from 'node:path'

/**
 * The renderer's files, served by the app:// protocol (desktop) and by the web server (web mode),
 * with the same path guard and the same Content-Security-Policy.
 */

/** Scripts only from the app itself; the WebSocket back to the server that served the page. */
export function contentSecurityPolicy(connectSources: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${connectSources.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    // The editor submits no forms; an injected one must not post the page's data anywhere.
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Maps a URL path to a file inside `root`, or undefined when it would leave root (../, encoded or not). */
export function resolveRendererFile(root: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const wanted = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  const file = resolve(join(root, wanted))
  const inside = relative(resolve(root), file)
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return undefined
  return file
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

export function contentTypeOf(file: string): string {
  return contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream'
}
