// npm start: build, then run the desktop app, or, where the Electron runtime is not installed, the same
// editor in web mode on 127.0.0.1. `npm run web` (or --web) asks for web mode explicitly.
import { execFileSync, spawn } from 'node:child_process'
import { createRequire } from 'node:module'

const args = process.argv.slice(2)
const wantWeb = args.includes('--web')
const passOn = args.filter((a) => a !== '--web')

execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })

const electron = wantWeb ? undefined : electronBinary()
if (!wantWeb && !electron) console.log('The Electron runtime is not installed here, so the editor runs in web mode instead.')
const [command, commandArgs] = electron ? [electron, ['.', ...passOn]] : [process.execPath, ['out/main/web.js', ...passOn]]
const child = spawn(command, commandArgs, { stdio: 'inherit' })
child.on('exit', (code) => process.exit(code ?? 0))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))

/** The path of the Electron executable, or undefined when the package or its downloaded binary is missing. */
function electronBinary() {
  try {
    return createRequire(import.meta.url)('electron')
  } catch {
    return undefined
  }
}
