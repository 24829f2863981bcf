/**
 * Web mode: the same main-side code as the desktop app, serving the built renderer to a browser.
 * Usage: node out/main/web.js [--port N] [--no-open] [--data-dir DIR]
 * --data-dir keeps projects (DIR/projects) and settings (DIR) in one place instead of the user's folders.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createApi } from '../api'
import { prepareDataFolders } from '../documents/dataFolders'
import { ComputeHost } from '../compute/ComputeHost'
import { forkComputeProcess } from '../compute/forkComputeProcess'
import type { EventName, EventPayload } from '../../src-shared/contract'
import { startWebServer, type WebServer } from './webServer'

const { values } = parseArgs({ options: { port: { type: 'string' }, 'no-open': { type: 'boolean' }, 'data-dir': { type: 'string' } } })
const dataDir = values['data-dir']
const folders = dataDir
  ? { projectsDir: join(dataDir, 'projects'), userDataDir: dataDir }
  : { projectsDir: join(homedir(), 'Documents', 'Z-Image Editor'), userDataDir: join(homedir(), '.z-image-editor') }

// A data folder that cannot be written is said once here and named again by each refused write; start-up goes on.
const folderProblem = prepareDataFolders(folders)
if (folderProblem) console.warn(folderProblem)

const spawnCompute = forkComputeProcess(fileURLToPath(new URL('./compute-host.js', import.meta.url)))
const compute = new ComputeHost(spawnCompute)
// Events reach every connected page; the server exists only once the handlers do, hence the late lookup.
const emit = (name: EventName, payload: EventPayload<EventName>) => server.broadcast(name, payload)
// A batch runs its workers in compute hosts of their own, started the same way.
const api = createApi({ mode: 'web', version: process.env.npm_package_version ?? '0.0.0', compute, folders, emit, spawnCompute })
const server: WebServer = await startWebServer({
  handlers: api.handlers,
  rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)),
  token: randomBytes(24).toString('hex'),
  port: values.port ? Number(values.port) : 0,
})
console.log(`Editor ready at ${server.url}`)
if (!values['no-open']) openBrowser(server.url)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    compute.dispose()
    api.close()
    void server.close().then(() => process.exit(0))
  })
}

/** Opens the default browser where there is one; a machine without one just keeps the printed address. */
function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open'
  spawn(command, [url], { detached: true, stdio: 'ignore' })
    .on('error', () => {})
    .unref()
}
