/**
 * `npm run batch` as a scheduler would run it: no window, a JSON line per photo on stdout. One unsharded run over the
 * Kodak set and a corrupt file, then shards 1/2 and 2/2 into another folder: the same files with the same bytes, no
 * photo done by both shards, and a rerun skipping every output already complete.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startApi } from '../../fixtures/apiHarness'
import { kodakPath } from '../../fixtures/evalSet'
import { hashFolder, kodakDir, outputHashes, recordCornerRemoval, twoSizes } from './batchHarness'

let api: ReturnType<typeof startApi>
let recipePath: string
let broken: string

beforeAll(async () => {
  api = startApi('batch-cli-')
  const { documentId, jobId } = await recordCornerRemoval(api.call, readFileSync(kodakPath(1)))
  await api.finished(jobId)
  await api.call('documents.resizeCanvas', { documentId, rect: { x: 0, y: -128, width: 768, height: 768 } })
  const { recipe } = await api.call('batch.recipeFromHistory', { documentId, name: 'corner watermark, square', outputs: twoSizes })
  recipePath = join(api.dataDir, 'recipe.json')
  writeFileSync(recipePath, JSON.stringify(recipe, null, 2))
  mkdirSync(join(api.dataDir, 'more'))
  broken = join(api.dataDir, 'more', 'broken.png')
  writeFileSync(broken, readFileSync(kodakPath(2)).subarray(0, 2000))
}, 120_000)

afterAll(() => api.close())

interface Line {
  input: string
  status: string
  outputs: { path: string }[]
}

/** Runs the CLI as `npm run batch --` does; its exit code and the JSON lines it printed. */
function batch(...args: string[]): Promise<{ code: number; lines: Line[]; stderr: string }> {
  return new Promise((resolve) => {
    const cli = ['--import', 'tsx', 'scripts/batch.ts', '--recipe', recipePath, '--in', kodakDir, '--in', broken, '--models', api.modelsDir, ...args]
    execFile(process.execPath, cli, { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0
      resolve({ code, lines: stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Line), stderr })
    })
  })
}

const statuses = (lines: Line[]) => lines.reduce<Record<string, number>>((counts, line) => ({ ...counts, [line.status]: (counts[line.status] ?? 0) + 1 }), {})

it('runs unsharded, then as two shards whose outputs together are the same bytes, with no photo done twice', async () => {
  const before = hashFolder(kodakDir)
  const whole = join(api.dataDir, 'whole')
  const sharded = join(api.dataDir, 'sharded')

  const one = await batch('--out', whole, '--workers', '2')
  expect(one.code, one.stderr).toBe(3)
  expect(statuses(one.lines)).toEqual({ done: 12, failed: 1 })
  expect(one.stderr).toMatch(/\[13\/13\]/)

  const first = await batch('--out', sharded, '--workers', '1', '--shard', '1/2')
  const second = await batch('--out', sharded, '--workers', '1', '--shard', '2/2')
  const inputsOf = (lines: Line[]) => lines.map((line) => line.input)
  expect(inputsOf(first.lines).filter((input) => inputsOf(second.lines).includes(input))).toEqual([])
  expect(new Set([...inputsOf(first.lines), ...inputsOf(second.lines)]).size).toBe(13)
  expect(first.lines.length).toBe(7)
  expect(outputHashes(sharded)).toEqual(outputHashes(whole))
  expect(Object.keys(outputHashes(whole))).toHaveLength(24)

  // Complete outputs are never redone: an unsharded run over the sharded folder skips every photo it finds there.
  const again = await batch('--out', sharded, '--workers', '2')
  expect(statuses(again.lines)).toEqual({ skipped: 12, failed: 1 })
  expect(outputHashes(sharded)).toEqual(outputHashes(whole))

  expect(hashFolder(kodakDir)).toEqual(before)
}, 600_000)

it('refuses bad arguments and an output folder holding the photos, writing nothing', async () => {
  const inside = await batch('--out', kodakDir)
  expect([inside.code, inside.stderr]).toEqual([2, expect.stringMatching(/batch.outputOverlapsInput/)])
  const badShard = await batch('--out', join(api.dataDir, 'x'), '--shard', '3/2')
  expect([badShard.code, badShard.stderr]).toEqual([2, expect.stringMatching(/--shard takes K\/N/)])
})
