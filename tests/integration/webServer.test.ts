import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { connect as connectTcp, createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createApi, type Api } from '../../src-main/api'
import { ComputeHost } from '../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../src-main/compute/forkComputeProcess'
import { startWebServer, type WebServer } from '../../src-main/server/webServer'
import type { DocumentInfo } from '../../src-shared/contract'
import { kodakPath } from '../fixtures/evalSet'
import type { ServerMessage } from '../../src-shared/contract/messages'
import { decodeFrame, encodeFrame } from '../../src-shared/contract/wire'

const token = 'test-token-0123456789abcdef'
let outer: string
let rendererDir: string
let compute: ComputeHost
let api: Api
let server: WebServer

beforeAll(async () => {
  // The secret sits next to the renderer dir, so a traversal that escapes it would serve the file.
  outer = await mkdtemp(join(tmpdir(), 'web-server-'))
  rendererDir = join(outer, 'renderer')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await writeFile(join(outer, 'secret'), 'TOP SECRET')
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>editor</title>')
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log("app")')
  compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  api = createApi({ mode: 'web', version: '1.0.0-test', compute, folders: { projectsDir: join(outer, 'projects'), userDataDir: outer } })
  server = await start()
})

afterAll(async () => {
  await server.close()
  compute.dispose()
  api.close()
  await rm(outer, { recursive: true, force: true })
})

function start(maxMessageBytes?: number): Promise<WebServer> {
  return startWebServer({ handlers: api.handlers, rendererDir, token, maxMessageBytes })
}

function apiUrl(on: WebServer, withToken = token): string {
  return `${on.origin.replace(/^http/, 'ws')}/api?token=${encodeURIComponent(withToken)}`
}

/** A connected client that queues what the server sends, decoded. */
async function connect(on = server): Promise<{ ws: WebSocket; next: () => Promise<ServerMessage> }> {
  const ws = new WebSocket(apiUrl(on))
  const inbox: ServerMessage[] = []
  const waiting: ((message: ServerMessage) => void)[] = []
  ws.on('message', (data: Buffer) => {
    const message = decodeFrame(data) as ServerMessage
    const waiter = waiting.shift()
    if (waiter) waiter(message)
    else inbox.push(message)
  })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const next = () => new Promise<ServerMessage>((resolve) => (inbox.length ? resolve(inbox.shift()!) : waiting.push(resolve)))
  return { ws, next }
}

let nextId = 1
async function call(client: Awaited<ReturnType<typeof connect>>, method: string, input: unknown) {
  const id = nextId++
  client.ws.send(encodeFrame({ kind: 'call', id, method, input }))
  const message = await client.next()
  if (message.kind !== 'reply' || message.id !== id) throw new Error(`expected reply ${id}, got ${JSON.stringify(message)}`)
  return message.reply
}

/** The status of an upgrade the server refuses, or 'open' if it accepts it. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.on('open', () => {
      ws.close()
      resolve('open')
    })
    ws.on('unexpected-response', (req, res) => {
      req.destroy()
      resolve(res.statusCode!)
    })
    ws.on('error', reject)
  })
}

/** GET with the path exactly as written: fetch and URL would normalise the dot segments away. */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(server.origin)
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode!, body }))
    })
    req.on('error', reject).end()
  })
}

/** Our own Host unless told otherwise: a request for another host is refused before anything else is looked at. */
const ourHost = () => new URL(server.origin).host
const upgrade = (target: string, host = ourHost()) => `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`

/** Writes a raw request on a TCP socket; resolves with the socket once it is sent. */
function rawSocket(on: WebServer, text: string): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connectTcp(Number(new URL(on.origin).port), '127.0.0.1', () => socket.write(text, () => resolve(socket)))
    socket.on('error', () => {})
  })
}

/** The status line the server answers a raw request with. */
async function rawStatusLine(text: string): Promise<string> {
  const socket = await rawSocket(server, text)
  let answer = ''
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()))
  await new Promise((resolve) => socket.on('close', resolve))
  return answer.split('\r\n')[0]!
}

describe('web server: files', () => {
  it('serves index.html at / with a Content-Security-Policy', async () => {
    const response = await fetch(`${server.origin}/`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<title>editor</title>')
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
  })

  it('serves assets with their content type', async () => {
    const response = await fetch(`${server.origin}/assets/app.js`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/)
  })

  it.each(['/../secret', '/%2e%2e/secret', '/..%2fsecret', '/assets/../../secret', '/assets/..%2f..%2fsecret', '/%2e%2e%5csecret'])(
    'refuses the traversal %s with 404',
    async (path) => {
      const { status, body } = await rawGet(path)
      expect(status).toBe(404)
      expect(body).not.toContain('TOP SECRET')
    },
  )
})

describe('web server: DNS rebinding', () => {
  /** A rebinding page's requests reach 127.0.0.1 but still name its own host. */
  it.each(['evil.example', 'evil.example:PORT', '127.0.0.1.evil.example:PORT', '127.0.0.1:1'])(
    'refuses the page for Host %s with 421',
    async (host) => {
      const text = `GET / HTTP/1.1\r\nHost: ${host.replace('PORT', new URL(server.origin).port)}\r\nConnection: close\r\n\r\n`
      const socket = await rawSocket(server, text)
      let answer = ''
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString()))
      await new Promise((resolve) => socket.on('close', resolve))
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 421 Misdirected Request')
      expect(answer).not.toContain('<title>editor</title>')
    },
  )

  it('refuses a WebSocket for another Host with 421, even with the token', async () => {
    expect(await rawStatusLine(upgrade(`/api?token=${token}`, 'evil.example'))).toBe('HTTP/1.1 421 Misdirected Request')
  }, 5000)

  it('serves 127.0.0.1 and localhost on its port, and accepts the editor page from either', async () => {
    const { port } = new URL(server.origin)
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const socket = await rawSocket(server, `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)
      let answer = ''
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString()))
      await new Promise((resolve) => socket.on('close', resolve))
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 200 OK')
    }
    expect(await upgradeStatus(apiUrl(server), { Origin: `http://localhost:${port}` })).toBe('open')
  })

  it("forbids form submissions in the page's Content-Security-Policy", async () => {
    expect((await fetch(`${server.origin}/`)).headers.get('content-security-policy')).toContain("form-action 'none'")
  })
})

describe('web server: hostile requests', () => {
  it.each([
    ['a GET', () => `GET http://[bad/ HTTP/1.1\r\nHost: ${ourHost()}\r\nConnection: close\r\n\r\n`],
    ['an upgrade', () => upgrade('http://[bad/api')],
  ])('answers %s whose target is not a URL with 404 and stays up', async (_name, text) => {
    expect(await rawStatusLine(text())).toBe('HTTP/1.1 404 Not Found')
    expect((await fetch(`${server.origin}/`)).status).toBe(200)
  })

  it('survives clients that reset the connection right after a refused upgrade', async () => {
    const sockets = await Promise.all(Array.from({ length: 10 }, () => rawSocket(server, upgrade('/api?token=wrong'))))
    for (const socket of sockets) socket.resetAndDestroy()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect((await fetch(`${server.origin}/`)).status).toBe(200)
  })
})

describe('web server: WebSocket handshake', () => {
  it('refuses a connection without a token with 401', async () => {
    expect(await upgradeStatus(`${server.origin.replace(/^http/, 'ws')}/api`)).toBe(401)
  })

  it('refuses a wrong token with 401', async () => {
    expect(await upgradeStatus(apiUrl(server, 'not-the-token'))).toBe(401)
  })

  it('refuses a foreign Origin with 403 even with the right token', async () => {
    expect(await upgradeStatus(apiUrl(server), { Origin: 'http://evil.example' })).toBe(403)
  })

  it('accepts the right token from the editor page or a client without an Origin', async () => {
    expect(await upgradeStatus(apiUrl(server), { Origin: server.origin })).toBe('open')
    expect(await upgradeStatus(apiUrl(server))).toBe('open')
  })
})

describe('web server: calls', () => {
  it('answers app.info', async () => {
    const client = await connect()
    expect(await call(client, 'app.info', {})).toEqual({ ok: true, value: { version: '1.0.0-test', mode: 'web', platform: process.platform } })
    client.ws.close()
  })

  it.each<[string, string | Uint8Array]>([
    ['a text frame', JSON.stringify({ kind: 'call', id: 1, method: 'app.info', input: {} })],
    ['random bytes', new Uint8Array([9, 0, 0, 0, 1, 2, 3, 250, 251, 252])],
    ['JSON that is not a call envelope', encodeFrame({ kind: 'hello', id: -1 })],
  ])('rejects %s as api.badMessage and keeps the socket usable', async (_name, frame) => {
    const client = await connect()
    client.ws.send(frame)
    expect(await client.next()).toMatchObject({ kind: 'rejected', error: { code: 'api.badMessage' } })
    expect(await call(client, 'app.info', {})).toMatchObject({ ok: true })
    client.ws.close()
  })

  it('replies api.unknownMethod and api.badInput', async () => {
    const client = await connect()
    expect(await call(client, 'documents.nope', {})).toMatchObject({ ok: false, error: { code: 'api.unknownMethod' } })
    expect(await call(client, 'documents.openImage', { name: 'a.png', bytes: [1, 2] })).toMatchObject({
      ok: false,
      error: { code: 'api.badInput' },
    })
    client.ws.close()
  })

  it('opens a Kodak image and sends its tiles as raw bytes', async () => {
    const client = await connect()
    const bytes = new Uint8Array(await readFile(kodakPath(5)))
    const opened = await call(client, 'documents.openImage', { name: 'kodim05.png', bytes })
    if (!opened.ok) throw new Error(opened.error.message)
    const { document } = opened.value as { document: DocumentInfo }
    expect([document.width, document.height]).toEqual([768, 512])
    const grid = await call(client, 'layers.tileGrid', { documentId: document.id, layerId: document.layers[0]!.id })
    if (!grid.ok) throw new Error(grid.error.message)
    const { tiles: hashes } = grid.value as { tiles: string[] }
    expect(hashes).toHaveLength(3 * 2)
    const tiles = await call(client, 'tiles.read', { documentId: document.id, hashes })
    if (!tiles.ok) throw new Error(tiles.error.message)
    const { tiles: pixels } = tiles.value as { tiles: Uint8Array[] }
    expect(pixels.every((tile) => tile instanceof Uint8Array)).toBe(true)
    expect(pixels.reduce((n, tile) => n + tile.byteLength, 0)).toBe(768 * 512 * 4)
    client.ws.close()
  })

  it('pushes broadcast events to connected clients', async () => {
    const client = await connect()
    server.broadcast('jobs.progress', { jobId: 'j1', fraction: 0.5, message: 'half' })
    expect(await client.next()).toEqual({ kind: 'event', name: 'jobs.progress', payload: { jobId: 'j1', fraction: 0.5, message: 'half' } })
    client.ws.close()
  })
})

describe('web server: limits and shutdown', () => {
  it('closes a socket that sends an oversized message with 1009 and stays up', async () => {
    const small = await start(64 * 1024)
    try {
      const client = await connect(small)
      const closed = new Promise<number>((resolve) => client.ws.on('close', (code) => resolve(code)))
      client.ws.on('error', () => {})
      client.ws.send(new Uint8Array(128 * 1024))
      expect(await closed).toBe(1009)
      const again = await connect(small)
      expect(await call(again, 'app.info', {})).toMatchObject({ ok: true })
      again.ws.close()
    } finally {
      await small.close()
    }
  })

  it('refuses connections past the cap with 503, and takes one again once a client leaves', async () => {
    const capped = await startWebServer({ handlers: api.handlers, rendererDir, token, maxClients: 2 })
    try {
      const clients = [await connect(capped), await connect(capped)]
      expect(await upgradeStatus(apiUrl(capped))).toBe(503)
      const gone = new Promise((resolve) => clients[0]!.ws.on('close', resolve))
      clients[0]!.ws.close()
      await gone
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(await upgradeStatus(apiUrl(capped))).toBe('open')
      clients[1]!.ws.close()
    } finally {
      await capped.close()
    }
  })

  it('close() resolves and frees the port, with a client connected and a refused one still holding its end open', async () => {
    const temporary = await start()
    const { port } = new URL(temporary.origin)
    await connect(temporary)
    const refused = await rawSocket(temporary, upgrade('/api?token=wrong'))
    refused.allowHalfOpen = true
    await new Promise((resolve) => refused.once('end', resolve).resume())
    await temporary.close()
    const probe = createServer()
    await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(Number(port), '127.0.0.1', resolve))
    await new Promise((resolve) => probe.close(resolve))
  })
})
