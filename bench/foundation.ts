/**
 * The foundation's figures: launch to first paint in web mode, opening a 6000×4000 JPEG until it is on
 * screen, and a 96 MB round trip over the WebSocket transport and over the compute-host channel.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import sharp from 'sharp'
import WebSocket, { WebSocketServer } from 'ws'
import { ComputeHost } from '../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../src-main/compute/forkComputeProcess'
import { decodeFrame, encodeFrame } from '../src-shared/contract/wire'
import { kodakPath } from '../tests/fixtures/evalSet'
import { launchChromium, startWebApp } from '../tests/e2e/webApp'
import { medianMs, versus } from './measure'

const MB96 = 96 * 1024 * 1024

export async function benchFoundation() {
  const browser = await launchChromium()
  try {
    return {
      launchToFirstPaint: await launchToFirstPaint(browser),
      open6000x4000Jpeg: await openLargeJpeg(browser),
      roundTrip96MB: await roundTrips(),
    }
  } finally {
    await browser.close()
  }
}

type Browser = Awaited<ReturnType<typeof launchChromium>>

/** From starting the web-mode process to the editor's first screen, against a bare Node server's page. */
async function launchToFirstPaint(browser: Browser) {
  const page = await browser.newPage()
  const start = performance.now()
  const app = await startWebApp()
  await page.goto(app.url)
  await page.getByText('Open a photo to start').waitFor()
  const editorMs = performance.now() - start
  await app.stop()

  const bareStart = performance.now()
  const bare = spawn(process.execPath, [
    '-e',
    "require('http').createServer((q,s)=>s.end('<p>hello</p>')).listen(0,'127.0.0.1',function(){console.log(this.address().port)})",
  ])
  const port = await new Promise<string>((resolve) => bare.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())))
  await page.goto(`http://127.0.0.1:${port}/`)
  await page.getByText('hello').waitFor()
  const bareMs = performance.now() - bareStart
  bare.kill()
  await page.close()
  return versus(editorMs, bareMs, 'a bare Node http server started and its one-line page painted')
}

/** Open through File › Open until the canvas shows it, against sharp decoding the same file in this process. */
async function openLargeJpeg(browser: Browser) {
  const file = join(await mkdtemp(join(tmpdir(), 'bench-')), 'large.jpg')
  await writeFile(file, await sharp(kodakPath(1)).resize(6000, 4000, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer())
  const app = await startWebApp()
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  await page.goto(app.url)
  await page.getByText('Open a photo to start').waitFor()
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Control+O')])
  const start = performance.now()
  await chooser.setFiles(file)
  await page.getByText('6000×4000').waitFor({ timeout: 120_000 })
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))')
  const openMs = performance.now() - start
  await app.stop()
  const decodeMs = await medianMs(3, () => sharp(file).ensureAlpha().raw().toBuffer())
  return versus(openMs, decodeMs, 'sharp decoding the same JPEG to RGBA in one process')
}

/** 96 MB out and back over each channel, against copying the same bytes once with Buffer.from. */
async function roundTrips() {
  const bytes = new Uint8Array(MB96).map((_, i) => i & 0xff)
  const copyMs = await medianMs(5, () => Buffer.from(bytes))

  const app = await startWebApp()
  const { origin, hash } = new URL(app.url)
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/api?token=${new URLSearchParams(hash.slice(1)).get('token')}`, { maxPayload: 0 })
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  let id = 0
  const webSocketMs = await medianMs(3, async () => {
    const reply = new Promise<unknown>((resolve) => socket.once('message', (data: Buffer) => resolve(decodeFrame(data))))
    socket.send(encodeFrame({ kind: 'call', id: ++id, method: 'diagnostics.echo', input: { bytes } }))
    const { reply: answer } = (await reply) as { reply: { ok: boolean; value: { bytes: Uint8Array } } }
    if (!answer.ok || answer.value.bytes.byteLength !== MB96) throw new Error('echo over the WebSocket failed')
  })
  socket.close()
  await app.stop()

  const compute = new ComputeHost(forkComputeProcess('out/main/compute-host.js'))
  const computeMs = await medianMs(3, async () => {
    const { bytes: echoed } = await compute.run('diagnostics.echo', { bytes })
    if (echoed.byteLength !== MB96) throw new Error('echo over the compute-host channel failed')
  })
  compute.dispose()

  const baseline = 'Buffer.from copy of the same 96 MB'
  return {
    webSocket: versus(webSocketMs, copyMs, baseline),
    webSocketAgainstBareWs: versus(webSocketMs, await bareWebSocketEchoMs(bytes), 'a bare ws echo server and client, no contract'),
    computeHost: versus(computeMs, copyMs, baseline),
  }
}

/** The ws library alone echoing the bytes: what the transport costs before our framing and dispatch. */
async function bareWebSocketEchoMs(bytes: Uint8Array): Promise<number> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 0 })
  server.on('connection', (ws) => ws.on('message', (data: Buffer) => ws.send(data)))
  await new Promise((resolve) => server.once('listening', resolve))
  const socket = new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`, { maxPayload: 0 })
  await new Promise((resolve) => socket.once('open', resolve))
  const ms = await medianMs(3, () => new Promise((resolve) => {
    socket.once('message', resolve)
    socket.send(bytes)
  }))
  socket.close()
  server.close()
  return ms
}
