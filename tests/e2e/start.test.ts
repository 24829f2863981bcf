import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'

function electronInstalled(): boolean {
  try {
    createRequire(import.meta.url)('electron')
    return true
  } catch {
    return false
  }
}

describe('npm start where the Electron runtime is missing', () => {
  it.skipIf(electronInstalled())('says so in one line, then serves the editor at a printed 127.0.0.1 address', async () => {
    const child = spawn(process.execPath, ['scripts/start.mjs', '--no-open'], { stdio: ['ignore', 'pipe', 'inherit'] })
    const lines: string[] = []
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${lines.join('\n')}`)))
        createInterface({ input: child.stdout }).on('line', (line) => {
          lines.push(line)
          const found = /(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{48})/.exec(line)
          if (found) resolve(found[1]!)
        })
      })
      expect(lines).toEqual(['The Electron runtime is not installed here, so the editor runs in web mode instead.', `Editor ready at ${url}`])
      const page = await fetch(url)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<div id="root">')
    } finally {
      child.kill('SIGTERM')
    }
  })
})
