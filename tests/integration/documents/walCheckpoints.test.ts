/**
 * A project writer's WAL checkpoints run on a thread of their own (walCheckpoints.ts), not in main's commits: the
 * copy back into the database file, with its fsyncs, held main's thread 15–50 ms at a time during a crop. The file
 * still gets every page while it stays open, and a close leaves it whole with no WAL beside it, as before.
 */
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { ProjectStore } from '../../../src-main/documents/project'
import { photoLikeRgba } from '../../fixtures/documents/pixels'
import { scratchDirectory } from '../../fixtures/documents/projects'

const [WIDTH, HEIGHT] = [2048, 1536]
let scratch: ReturnType<typeof scratchDirectory>
let path: string

beforeEach(() => {
  scratch = scratchDirectory()
  path = join(scratch.directory, 'p.zproj')
})
afterEach(() => scratch.cleanup())

const addLayer = (store: ProjectStore, layerId: string, seed: number) =>
  store.commitEdit({ operation: 'layer.add', layers: [{ layerId, pixels: { width: WIDTH, height: HEIGHT, rgba: photoLikeRgba(WIDTH, HEIGHT, seed) } }] })

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 20_000) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

it("copies megabytes of tiles back into the file on its own thread, after the commit and while the project stays open", async () => {
  const store = ProjectStore.create(path, { name: 'p', width: 8, height: 8, rgba: Buffer.alloc(256) })
  try {
    addLayer(store, 'photo', 1)
    const wal = statSync(`${path}-wal`).size
    // SQLite's own checkpoint would have run inside the commit (the WAL is past 1000 pages): the file would hold the
    // tiles by now. The thread starts with this first request, so nothing has been copied back yet.
    expect(wal).toBeGreaterThan(6_000_000)
    expect(statSync(path).size).toBeLessThan(wal / 2)
    await until(() => statSync(path).size > wal * 0.9)
    expect(store.readLayer(store.head, 'photo').rgba.equals(photoLikeRgba(WIDTH, HEIGHT, 1))).toBe(true)
  } finally {
    store.close()
  }
})

it('a close amid checkpoints leaves the file whole, with no WAL beside it', async () => {
  const store = ProjectStore.create(path, { name: 'p', width: 8, height: 8, rgba: Buffer.alloc(256) })
  for (let seed = 1; seed <= 4; seed++) {
    addLayer(store, `layer-${seed}`, seed)
    await new Promise((resolve) => setTimeout(resolve, seed * 40))
  }
  store.close()
  expect(existsSync(`${path}-wal`)).toBe(false)
  const reopened = ProjectStore.open(path, { readOnly: true })
  try {
    for (let seed = 1; seed <= 4; seed++) expect(reopened.readLayer(reopened.head, `layer-${seed}`).rgba.equals(photoLikeRgba(WIDTH, HEIGHT, seed))).toBe(true)
  } finally {
    reopened.close()
  }
})
