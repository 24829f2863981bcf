import { readFile } from 'node:fs/promises'
import { protocol } from 'electron'
import { contentSecurityPolicy, contentTypeOf, resolveRendererFile } from '../rendererFiles'

/** The renderer is loaded from app://editor/, never file://, so its origin is fixed and its paths are guarded. */
export const appOrigin = 'app://editor'

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url)
    const file = url.host === 'editor' ? resolveRendererFile(rendererDir, url.pathname) : undefined
    const body = file ? await readFile(file).catch(() => undefined) : undefined
    if (!body) return new Response('Not found', { status: 404 })
    return new Response(body, {
      headers: { 'content-type': contentTypeOf(file!), 'content-security-policy': contentSecurityPolicy() },
    })
  })
}
