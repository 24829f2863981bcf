import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

/**
 * `npm run -s bench > figures.json` must give JSON alone: the build the bench starts with writes its lines to
 * stderr, and bench/index.ts writes one JSON document to stdout (issue 14, item 20).
 */
describe('npm run bench', () => {
  const script: string = JSON.parse(readFileSync('package.json', 'utf8')).scripts.bench

  it('builds with its output on stderr, then runs the bench', () => {
    const [build, run] = script.split('&&').map((part) => part.trim())
    expect(build).toMatch(/^electron-vite build >&2$/)
    expect(run).toMatch(/bench\/index\.ts$/)
  })

  it('prints nothing but the JSON document on stdout', () => {
    const source = readFileSync('bench/index.ts', 'utf8')
    expect(source.match(/console\.log\(/g)).toEqual(['console.log('])
    expect(source).toMatch(/console\.log\(JSON\.stringify\(results, null, 2\)\)/)
  })
})
