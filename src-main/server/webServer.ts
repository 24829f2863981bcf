import { createHash, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { AppError, type EventName, type EventPayload } from '../../src-shared/contract'
import { ClientMessage, type ServerMessage } from '../../src-shared/contract/messages'
import { decodeFrame, encodeFrame } from '../../src-shared/contract/wire'
import { MAX_MESSAGE_BYTES } from '../../src-shared/limits'
import { dispatch, type Handlers } from '../api'
import { contentSecurityPolicy, contentTypeOf, resolveRendererFile } from '../rendererFiles'

export interface WebServerOptions {
  handlers: Handlers
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** Every WebSocket client must present it; it is printed in the launch URL and nowhere else. */
  token: string
  port?: number
  maxMessageBytes?: number
  /** WebSocket clients at once: a page or two and a test driver, never hundreds holding big buffers. */
  maxClients?: number
}

/** The editor has one page; a few tabs or a reload's overlap fit easily. */
const MAX_CLIENTS = 8
/** Plain HTTP connections at once: a page load fetches a handful of files. */
const MAX_HTTP_CONNECTIONS = 64

export interface WebServer {
  /** The page to open, with the token in its fragment (never sent in HTTP requests). */
  url: string
  origin: string
  broadcast<E extends EventName>(name: E, payload: EventPayload<E>): void
  close(): Promise<void>
}

/** Web mode: the built renderer over HTTP and the contract over a WebSocket, both on 127.0.0.1 only. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { handlers, rendererDir, token, maxMessageBytes = MAX_MESSAGE_BYTES, maxClients = MAX_CLIENTS } = options
  // The largest valid call is a photo at the file limit (MAX_MESSAGE_BYTES); ws refuses a longer frame from its header.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes })
  const http = createServer((request, response) => void serveFile(request, response))
  http.maxConnections = MAX_HTTP_CONNECTIONS
  let origin = ''
  let trustedHosts: string[] = []

  /**
   * DNS rebinding: a page at evil.example can point its name at 127.0.0.1 and read what this server answers, as same-
   * origin. Its requests still carry `Host: evil.example:port`, so only our own address and localhost are answered.
   */
  const hostIsOurs = (request: IncomingMessage) => trustedHosts.includes(request.headers.host ?? '')

  async function serveFile(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostIsOurs(request)) {
      response.writeHead(421, { 'content-type': 'text/plain' }).end('This server answers only 127.0.0.1 and localhost.')
      return
    }
    const url = request.method === 'GET' ? urlOf(request) : undefined
    const file = url ? resolveRendererFile(rendererDir, url.pathname) : undefined
    const body = file ? await readFile(file).catch(() => undefined) : undefined
    if (!body) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
      return
    }
    response
      .writeHead(200, {
        'content-type': contentTypeOf(file!),
        'content-security-policy': contentSecurityPolicy(trustedHosts.map((host) => `ws://${host}`)),
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      })
      .end(body)
  }

  /** The request's URL, or undefined when its target does not parse (any local client can send one). */
  function urlOf(request: IncomingMessage): URL | undefined {
    return URL.canParse(request.url ?? '/', origin) ? new URL(request.url ?? '/', origin) : undefined
  }

  /** Answers a refused upgrade and drops the socket: http no longer watches it, so nothing else would. */
  function refuse(socket: Duplex, status: string, reason: string): void {
    socket.on('error', () => socket.destroy())
    socket.once('finish', () => socket.destroy())
    socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${reason}`)
  }

  http.on('upgrade', (request, socket, head) => {
    if (!hostIsOurs(request)) return refuse(socket, '421 Misdirected Request', 'This server answers only 127.0.0.1 and localhost.')
    const url = urlOf(request)
    if (url?.pathname !== '/api') return refuse(socket, '404 Not Found', 'No such endpoint.')
    if (!sameSecret(url.searchParams.get('token') ?? '', token)) return refuse(socket, '401 Unauthorized', 'A valid session token is required.')
    // A page from another site may know the port but must not drive the editor.
    const pageOrigin = request.headers.origin
    if (pageOrigin !== undefined && !trustedHosts.some((host) => pageOrigin === `http://${host}`)) {
      return refuse(socket, '403 Forbidden', 'Connections are accepted only from the editor page.')
    }
    if (sockets.clients.size >= maxClients) return refuse(socket, '503 Service Unavailable', 'Too many connections.')
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws))
  })

  sockets.on('connection', (ws: WebSocket) => {
    ws.on('error', () => ws.terminate())
    ws.on('message', (data, isBinary) => void answer(ws, data as Buffer, isBinary))
  })

  async function answer(ws: WebSocket, data: Buffer, isBinary: boolean): Promise<void> {
    let call: ClientMessage
    try {
      if (!isBinary) throw new AppError('api.badMessage', 'Malformed message: expected a binary frame.')
      const parsed = ClientMessage.safeParse(decodeFrame(data))
      if (!parsed.success) throw new AppError('api.badMessage', 'Malformed message: not a call envelope.')
      call = parsed.data
    } catch (error) {
      return send(ws, { kind: 'rejected', error: AppError.from(error).toData() })
    }
    send(ws, { kind: 'reply', id: call.id, reply: await dispatch(handlers, call.method, call.input) })
  }

  function send(ws: WebSocket, message: ServerMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(message))
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = http.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`
  trustedHosts = [`127.0.0.1:${port}`, `localhost:${port}`]

  return {
    url: `${origin}/#token=${token}`,
    origin,
    broadcast: (name, payload) => {
      for (const ws of sockets.clients) send(ws, { kind: 'event', name, payload })
    },
    close: async () => {
      for (const ws of sockets.clients) ws.terminate()
      await new Promise<void>((resolve) => sockets.close(() => resolve()))
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}

/** Compares in time independent of where they differ; hashing first gives timingSafeEqual the equal lengths it needs. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(given), digest(expected))
}
