import { fork } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../../src-main/documents/project'
import { photoLikeRgba, seededRandom } from '../../fixtures/documents/pixels'
import { scratchDirectory } from '../../fixtures/documents/projects'
import { CRASH_LAYER, strokeAt } from './strokes'

const ROUNDS = 20

/** Starts the commit loop, lets it commit, SIGKILLs it 20–200 ms later; answers the ids it printed. */
async function commitUntilKilled(path: string, delayMs: number): Promise<number[]> {
  const child = fork(join(import.meta.dirname, 'commitLoop.ts'), [path], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    // Count from the first committed version, so every kill lands inside the loop rather than during start-up.
    child.stdout!.once('data', () => resolve())
    exited.then(() => reject(new Error(`commit loop exited early: ${stderr}`)))
  })
  await new Promise((resolve) => setTimeout(resolve, delayMs))
  child.kill('SIGKILL')
  await exited
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map(Number)
}

/** What must hold after any crash: an intact file whose head is a whole version at least as new as the last print. */
function checkAfterCrash(path: string, lastPrinted: number): number {
  const store = ProjectStore.open(path)
  try {
    const head = store.head
    expect(head).toBeGreaterThanOrEqual(lastPrinted)
    expect(store.history()[0].id).toBe(head)
    const { seed } = store.version(head).params as { seed: number }
    const stroke = strokeAt(seed)
    expect(store.readRegion(head, 'background', stroke.rect).rgba.equals(stroke.rgba)).toBe(true)
    expect(store.readLayer(head, 'background').rgba.length).toBe(CRASH_LAYER.width * CRASH_LAYER.height * 4)
  } finally {
    store.close()
  }
  const db = new Database(path, { readonly: true })
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    // No half-written version: every tile any version refers to is stored.
    const hasTile = db.prepare('SELECT 1 FROM tiles WHERE hash = ?').pluck()
    for (const grid of db.prepare('SELECT tile_grid FROM layer_states').pluck().all() as Buffer[]) {
      for (let offset = 0; offset < grid.length; offset += 32) {
        expect(hasTile.get(grid.subarray(offset, offset + 32))).toBe(1)
      }
    }
    const orphans = db.prepare('SELECT count(*) FROM versions WHERE id NOT IN (SELECT version_id FROM version_layers)')
    expect(orphans.pluck().get()).toBe(0)
    return db.prepare('SELECT count(*) FROM versions').pluck().get() as number
  } finally {
    db.close()
  }
}

describe('a killed process', () => {
  const scratch = scratchDirectory()
  afterAll(() => scratch.cleanup())

  it(
    'never leaves a damaged project or a head older than its last returned commit',
    async () => {
      const path = join(scratch.directory, 'crash.zproj')
      ProjectStore.create(path, { name: 'crash', ...CRASH_LAYER, rgba: photoLikeRgba(CRASH_LAYER.width, CRASH_LAYER.height) }).close()
      const random = seededRandom(20240601)
      let lastPrinted = 1
      let versions = 1
      for (let round = 0; round < ROUNDS; round++) {
        const printed = await commitUntilKilled(path, 20 + Math.floor(random() * 180))
        expect(printed.length).toBeGreaterThan(0)
        expect(Math.min(...printed)).toBeGreaterThan(lastPrinted)
        lastPrinted = Math.max(...printed)
        versions = checkAfterCrash(path, lastPrinted)
      }
      // Every round kept what it committed: at least the version it printed first.
      expect(versions).toBeGreaterThanOrEqual(ROUNDS + 1)
    },
    180_000,
  )
})
